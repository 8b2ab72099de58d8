"""Activation functions and their derivatives / 激活函数及其导数.

Fill in the seven functions below, then grade your file with:
完成下面的七个函数，然后用以下命令评分：

    grader grade starter.py

Every function takes z, a NumPy array of any shape, and returns an array of the same shape,
computed element by element (use NumPy, not Python loops over elements).
每个函数接收任意形状的 NumPy 数组 z，逐元素计算并返回同样形状的数组（请用 NumPy，不要逐元素循环）。
"""

import numpy as np


def sigmoid(z):
    """σ(z) = 1 / (1 + e^-z). z: any shape / 任意形状. Returns the same shape / 返回相同形状."""
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("sigmoid")


def relu(z):
    """ReLU(z) = max(0, z), element-wise / 逐元素. Returns the same shape as z / 返回与 z 相同的形状."""
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("relu")


def leaky_relu(z):
    """Leaky ReLU(z) = z where z >= 0, else 0.01 z / z >= 0 时为 z，否则为 0.01 z. Same shape as z."""
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("leaky_relu")


def sigmoid_derivative(z):
    """σ'(z) = σ(z) (1 - σ(z)). Note: z is the input, not σ(z) / 注意：参数是 z，不是 σ(z). Same shape."""
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("sigmoid_derivative")


def tanh_derivative(z):
    """tanh'(z) = 1 - tanh(z)**2. z is the input, not tanh(z) / 参数是 z，不是 tanh(z). Same shape."""
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("tanh_derivative")


def relu_derivative(z):
    """ReLU'(z) = 1 where z > 0, 0 where z < 0 / z > 0 处为 1，z < 0 处为 0.

    At exactly z = 0 either 0 or 1 is accepted / 在 z = 0 处，0 或 1 都可以. Same shape as z.
    """
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("relu_derivative")


def leaky_relu_derivative(z):
    """Leaky ReLU'(z) = 1 where z > 0, 0.01 where z < 0 / z > 0 处为 1，z < 0 处为 0.01.

    At exactly z = 0 either 0.01 or 1 is accepted / 在 z = 0 处，0.01 或 1 都可以. Same shape as z.
    """
    # YOUR CODE HERE / 在此写代码
    raise NotImplementedError("leaky_relu_derivative")
