"""Planar data classification with one hidden layer / 用单隐藏层网络对平面数据分类.

Fill in the eight functions below, then grade your file with:
完成下面的八个函数，然后用以下命令评分：

    grader grade starter.py

Shapes / 形状 (m examples 个样本, n_x inputs 个输入, n_h hidden units 个隐藏单元, n_y outputs 个输出):
    X (n_x, m)   Y (n_y, m)
    W1 (n_h, n_x)   b1 (n_h, 1)   Z1, A1 (n_h, m)
    W2 (n_y, n_h)   b2 (n_y, 1)   Z2, A2 (n_y, m)

A graded function may use only its arguments (and numpy): no notebook variables.
被评分的函数只能使用自己的参数（以及 numpy），不能使用笔记本里的变量。
"""

import numpy as np


def sigmoid(z):
    """Given, not graded / 已给出，不评分: σ(z) = 1 / (1 + e^-z)."""
    return 1 / (1 + np.exp(-z))


def layer_sizes(X, Y):
    """Sizes of the three layers / 三层的大小.

    X: (n_x, m) input data / 输入数据
    Y: (n_y, m) labels / 标签
    Returns / 返回: (n_x, n_h, n_y) with n_h = 4 (the hidden layer has 4 units / 隐藏层有 4 个单元).
    """
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("layer_sizes")


def initialize_parameters(n_x, n_h, n_y):
    """Initial parameters / 初始化参数.

    W1: (n_h, n_x) and W2: (n_y, n_h) drawn with np.random.randn(...) * 0.01
        用 np.random.randn(...) * 0.01 随机生成
    b1: (n_h, 1) and b2: (n_y, 1) zeros / 全零
    Do not call np.random.seed here / 不要在这里调用 np.random.seed.
    Returns / 返回: {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    """
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("initialize_parameters")


def forward_propagation(X, parameters):
    """Forward pass: tanh hidden layer, sigmoid output / 前向传播：隐藏层 tanh，输出层 sigmoid.

    X: (n_x, m); parameters: the dict from initialize_parameters / initialize_parameters 返回的字典
    Z1 = W1 X + b1 (n_h, m), A1 = tanh(Z1) (n_h, m)
    Z2 = W2 A1 + b2 (1, m), A2 = sigmoid(Z2) (1, m)
    Returns / 返回: A2 (1, m) and cache {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    """
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("forward_propagation")
    assert A2.shape == (1, X.shape[1])
    return A2, cache


def compute_cost(A2, Y):
    """Cross-entropy cost / 交叉熵代价.

    A2: (1, m) output probabilities / 输出概率; Y: (1, m) labels 0/1 / 标签
    J = -(1/m) Σ [y log(a) + (1 - y) log(1 - a)]
    Returns / 返回: the cost as a Python float / 代价，Python float 类型
    """
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("compute_cost")


def backward_propagation(parameters, cache, X, Y):
    """Gradients of the cost, vectorised over the m examples / 代价的梯度（对 m 个样本向量化）.

    parameters: W1 (n_h, n_x), b1, W2 (n_y, n_h), b2; cache: Z1, A1 (n_h, m), Z2, A2 (n_y, m)
    X: (n_x, m); Y: (n_y, m)
    dZ2 = A2 - Y; dW2 = (1/m) dZ2 A1ᵀ (n_y, n_h); db2 (n_y, 1)
    dZ1 = W2ᵀ dZ2 * (1 - A1²); dW1 = (1/m) dZ1 Xᵀ (n_h, n_x); db1 (n_h, 1)
    Returns / 返回: {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    """
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("backward_propagation")


def update_parameters(parameters, grads, learning_rate=1.2):
    """One gradient-descent step / 一步梯度下降: θ = θ - learning_rate * dθ.

    parameters: W1, b1, W2, b2; grads: dW1, db1, dW2, db2 (same shapes / 形状相同)
    Returns / 返回: the new {"W1", "b1", "W2", "b2"} (leave the given dicts unchanged / 不要修改传入的字典)
    """
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("update_parameters")


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    """Train the network / 训练网络.

    X: (2, m); Y: (1, m); n_h: hidden units / 隐藏单元数
    Loop num_iterations times: forward, cost, backward, update.
    循环 num_iterations 次：前向传播、计算代价、反向传播、更新参数。
    If print_cost, print the cost every 1000 iterations / 若 print_cost 为真，每 1000 次打印一次代价.
    Returns / 返回: the learnt parameters {"W1", "b1", "W2", "b2"}
    """
    np.random.seed(3)
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("nn_model")


def predict(parameters, X):
    """Predict a class for each example / 为每个样本预测类别.

    X: (n_x, m)
    Returns / 返回: predictions (1, m), True/1 where A2 > 0.5 / A2 > 0.5 处为 True/1
    """
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("predict")
