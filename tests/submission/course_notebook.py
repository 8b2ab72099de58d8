"""The course's week-3 notebook as a student hands it in, and its nbconvert .py export.

Cells follow "Planar data classification with one hidden layer": the import cell with magics,
data loading and plotting, GRADED FUNCTION cells with working answers in the course's style,
test cells, the training cell and the hidden-size sweep. `write_notebook` / `write_export`
produce the files (the export like `jupyter nbconvert --to script`: `# In[n]:` markers,
magics as get_ipython() calls).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

IMPORTS = '''\
# Package imports
import numpy as np
import copy
import matplotlib.pyplot as plt
from testCases_v2 import *
from public_tests import *
import sklearn
import sklearn.datasets
import sklearn.linear_model
from planar_utils import plot_decision_boundary, sigmoid, load_planar_dataset, load_extra_datasets

%matplotlib inline

%load_ext autoreload
%autoreload 2'''

LAYER_SIZES = '''\
# GRADED FUNCTION: layer_sizes

def layer_sizes(X, Y):
    """
    Arguments:
    X -- input dataset of shape (input size, number of examples)
    Y -- labels of shape (output size, number of examples)

    Returns:
    n_x -- the size of the input layer
    n_h -- the size of the hidden layer
    n_y -- the size of the output layer
    """
    #(≈ 3 lines of code)
    # n_x = ...
    # n_h = ...
    # n_y = ...
    # YOUR CODE STARTS HERE
    n_x = X.shape[0]
    n_h = 4
    n_y = Y.shape[0]
    # YOUR CODE ENDS HERE
    return (n_x, n_h, n_y)'''

INITIALIZE = '''\
# GRADED FUNCTION: initialize_parameters

def initialize_parameters(n_x, n_h, n_y):
    """
    Argument:
    n_x -- size of the input layer
    n_h -- size of the hidden layer
    n_y -- size of the output layer

    Returns:
    params -- python dictionary containing your parameters W1, b1, W2, b2
    """
    # YOUR CODE STARTS HERE
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    # YOUR CODE ENDS HERE

    assert (W1.shape == (n_h, n_x))
    assert (b1.shape == (n_h, 1))
    assert (W2.shape == (n_y, n_h))
    assert (b2.shape == (n_y, 1))

    parameters = {"W1": W1,
                  "b1": b1,
                  "W2": W2,
                  "b2": b2}

    return parameters'''

FORWARD = '''\
# GRADED FUNCTION: forward_propagation

def forward_propagation(X, parameters):
    """
    Argument:
    X -- input data of size (n_x, m)
    parameters -- python dictionary containing your parameters (output of initialization function)

    Returns:
    A2 -- The sigmoid output of the second activation
    cache -- a dictionary containing "Z1", "A1", "Z2" and "A2"
    """
    # Retrieve each parameter from the dictionary "parameters"
    # YOUR CODE STARTS HERE
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]

    # Implement Forward Propagation to calculate A2 (probabilities)
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    # YOUR CODE ENDS HERE

    assert(A2.shape == (1, X.shape[1]))

    cache = {"Z1": Z1,
             "A1": A1,
             "Z2": Z2,
             "A2": A2}

    return A2, cache'''

COMPUTE_COST = '''\
# GRADED FUNCTION: compute_cost

def compute_cost(A2, Y):
    """
    Computes the cross-entropy cost given in equation (13)

    Arguments:
    A2 -- The sigmoid output of the second activation, of shape (1, number of examples)
    Y -- "true" labels vector of shape (1, number of examples)

    Returns:
    cost -- cross-entropy cost given equation (13)
    """
    m = Y.shape[1] # number of examples

    # Compute the cross-entropy cost
    # YOUR CODE STARTS HERE
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    cost = - np.sum(logprobs) / m
    # YOUR CODE ENDS HERE

    cost = float(np.squeeze(cost))  # makes sure cost is the dimension we expect.
                                    # E.g., turns [[17]] into 17

    return cost'''

BACKWARD = '''\
# GRADED FUNCTION: backward_propagation

def backward_propagation(parameters, cache, X, Y):
    """
    Implement the backward propagation using the instructions above.

    Returns:
    grads -- python dictionary containing your gradients with respect to different parameters
    """
    m = X.shape[1]

    # First, retrieve W1 and W2 from the dictionary "parameters".
    # YOUR CODE STARTS HERE
    W1 = parameters["W1"]
    W2 = parameters["W2"]

    # Retrieve also A1 and A2 from dictionary "cache".
    A1 = cache["A1"]
    A2 = cache["A2"]

    # Backward propagation: calculate dW1, db1, dW2, db2.
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.multiply(np.dot(W2.T, dZ2), 1 - np.power(A1, 2))
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    # YOUR CODE ENDS HERE

    grads = {"dW1": dW1,
             "db1": db1,
             "dW2": dW2,
             "db2": db2}

    return grads'''

UPDATE = '''\
# GRADED FUNCTION: update_parameters

def update_parameters(parameters, grads, learning_rate = 1.2):
    """
    Updates parameters using the gradient descent update rule given above

    Returns:
    parameters -- python dictionary containing your updated parameters
    """
    # Retrieve a copy of each parameter from the dictionary "parameters". Use copy.deepcopy(...) for W1 and W2
    # YOUR CODE STARTS HERE
    W1 = copy.deepcopy(parameters["W1"])
    b1 = parameters["b1"]
    W2 = copy.deepcopy(parameters["W2"])
    b2 = parameters["b2"]

    dW1 = grads["dW1"]
    db1 = grads["db1"]
    dW2 = grads["dW2"]
    db2 = grads["db2"]

    W1 = W1 - learning_rate * dW1
    b1 = b1 - learning_rate * db1
    W2 = W2 - learning_rate * dW2
    b2 = b2 - learning_rate * db2
    # YOUR CODE ENDS HERE

    parameters = {"W1": W1,
                  "b1": b1,
                  "W2": W2,
                  "b2": b2}

    return parameters'''

NN_MODEL = '''\
# GRADED FUNCTION: nn_model

def nn_model(X, Y, n_h, num_iterations = 10000, print_cost=False):
    """
    Returns:
    parameters -- parameters learnt by the model. They can then be used to predict.
    """
    np.random.seed(3)
    n_x = layer_sizes(X, Y)[0]
    n_y = layer_sizes(X, Y)[2]

    # Initialize parameters
    # YOUR CODE STARTS HERE
    parameters = initialize_parameters(n_x, n_h, n_y)

    # Loop (gradient descent)
    for i in range(0, num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
    # YOUR CODE ENDS HERE

        # Print the cost every 1000 iterations
        if print_cost and i % 1000 == 0:
            print ("Cost after iteration %i: %f" %(i, cost))

    return parameters'''

PREDICT = '''\
# GRADED FUNCTION: predict

def predict(parameters, X):
    """
    Using the learned parameters, predicts a class for each example in X

    Returns
    predictions -- vector of predictions of our model (red: 0 / blue: 1)
    """
    # YOUR CODE STARTS HERE
    A2, cache = forward_propagation(X, parameters)
    predictions = (A2 > 0.5)
    # YOUR CODE ENDS HERE

    return predictions'''

TRAINING = '''\
# Build a model with a n_h-dimensional hidden layer
parameters = nn_model(X, Y, n_h = 4, num_iterations = 10000, print_cost=True)

# Plot the decision boundary
plot_decision_boundary(lambda x: predict(parameters, x.T), X, Y)
plt.title("Decision Boundary for hidden layer size " + str(4))'''

SWEEP = '''\
# This may take about 2 minutes to run

plt.figure(figsize=(16, 32))
hidden_layer_sizes = [1, 2, 3, 4, 5, 20, 50]
for i, n_h in enumerate(hidden_layer_sizes):
    plt.subplot(5, 2, i+1)
    plt.title('Hidden Layer of size %d' % n_h)
    parameters = nn_model(X, Y, n_h, num_iterations = 5000)
    plot_decision_boundary(lambda x: predict(parameters, x.T), X, Y)
    predictions = predict(parameters, X)
    accuracy = float((np.dot(Y,predictions.T) + np.dot(1 - Y, 1 - predictions.T)) / float(Y.size)*100)
    print ("Accuracy for {} hidden units: {} %".format(n_h, accuracy))'''

# (cell_type, source). Cell numbers the student sees are 1-based positions in this list.
CELLS: list[tuple[str, str]] = [
    ("markdown", "# Planar data classification with one hidden layer\n\nWelcome to your week 3 "
                 "programming assignment!"),
    ("markdown", "## 1 - Packages ##"),
    ("code", IMPORTS),
    ("markdown", "## 2 - Load the Dataset ##"),
    ("code", "X, Y = load_planar_dataset()"),
    ("code", "# Visualize the data:\nplt.scatter(X[0, :], X[1, :], c=Y, s=40, "
             "cmap=plt.cm.Spectral);"),
    ("code", "# (≈ 3 lines of code)\n# YOUR CODE STARTS HERE\nshape_X = X.shape\n"
             "shape_Y = Y.shape\nm = X.shape[1]\n# YOUR CODE ENDS HERE\n\n"
             "print ('The shape of X is: ' + str(shape_X))\n"
             "print ('The shape of Y is: ' + str(shape_Y))\n"
             "print ('I have m = %d training examples!' % (m))"),
    ("code", "# Train the logistic regression classifier\n"
             "clf = sklearn.linear_model.LogisticRegressionCV();\nclf.fit(X.T, Y.T);"),
    ("code", "# Plot the decision boundary for logistic regression\n"
             "plot_decision_boundary(lambda x: clf.predict(x), X, Y)\n"
             "plt.title(\"Logistic Regression\")\n\n# Print accuracy\n"
             "LR_predictions = clf.predict(X.T)\n"
             "print ('Accuracy of logistic regression: %d ' % float((np.dot(Y,LR_predictions) + "
             "np.dot(1-Y,1-LR_predictions))/float(Y.size)*100) +\n"
             "       '% ' + \"(percentage of correctly labelled datapoints)\")"),
    ("markdown", "## 4 - Neural Network model\n\n### 4.1 - Defining the neural network structure"),
    ("code", LAYER_SIZES),
    ("code", "t_X, t_Y = layer_sizes_test_case()\n(n_x, n_h, n_y) = layer_sizes(t_X, t_Y)\n"
             "print(\"The size of the input layer is: n_x = \" + str(n_x))\n"
             "print(\"The size of the hidden layer is: n_h = \" + str(n_h))\n"
             "print(\"The size of the output layer is: n_y = \" + str(n_y))\n\n"
             "layer_sizes_test(layer_sizes)"),
    ("markdown", "### 4.2 - Initialize the model's parameters"),
    ("code", INITIALIZE),
    ("code", "np.random.seed(2)\nn_x, n_h, n_y = initialize_parameters_test_case()\n"
             "parameters = initialize_parameters(n_x, n_h, n_y)\n\n"
             "print(\"W1 = \" + str(parameters[\"W1\"]))\n\n"
             "initialize_parameters_test(initialize_parameters)"),
    ("markdown", "### 4.3 - The Loop"),
    ("code", FORWARD),
    ("code", "t_X, parameters = forward_propagation_test_case()\n"
             "A2, cache = forward_propagation(t_X, parameters)\n"
             "print(\"A2 = \" + str(A2))\n\nforward_propagation_test(forward_propagation)"),
    ("code", COMPUTE_COST),
    ("code", "A2, t_Y = compute_cost_test_case()\ncost = compute_cost(A2, t_Y)\n"
             "print(\"cost = \" + str(compute_cost(A2, t_Y)))\n\ncompute_cost_test(compute_cost)"),
    ("code", BACKWARD),
    ("code", "parameters, cache, t_X, t_Y = backward_propagation_test_case()\n\n"
             "grads = backward_propagation(parameters, cache, t_X, t_Y)\n"
             "print (\"dW1 = \"+ str(grads[\"dW1\"]))\n\n"
             "backward_propagation_test(backward_propagation)"),
    ("code", UPDATE),
    ("code", "parameters, grads = update_parameters_test_case()\n"
             "parameters = update_parameters(parameters, grads)\n\n"
             "print(\"W1 = \" + str(parameters[\"W1\"]))\n\n"
             "update_parameters_test(update_parameters)"),
    ("markdown", "### 4.4 - Integration"),
    ("code", NN_MODEL),
    ("code", "nn_model_test(nn_model)"),
    ("markdown", "## 5 - Test the Model\n\n### 5.1 - Predict"),
    ("code", PREDICT),
    ("code", "parameters, t_X = predict_test_case()\n\npredictions = predict(parameters, t_X)\n"
             "print(\"Predictions: \" + str(predictions))\n\npredict_test(predict)"),
    ("code", TRAINING),
    ("code", "# Print accuracy\npredictions = predict(parameters, X)\n"
             "print ('Accuracy: %d' % float((np.dot(Y, predictions.T) + np.dot(1 - Y, 1 - "
             "predictions.T)) / float(Y.size) * 100) + '%')"),
    ("markdown", "### 6 - Tuning hidden layer size (optional/ungraded exercise) ###"),
    ("code", SWEEP),
]

GRADED = ("layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
          "backward_propagation", "update_parameters", "nn_model", "predict")


def cell_number(function: str, cells=CELLS) -> int:
    """1-based cell number of the GRADED FUNCTION cell defining `function`."""
    for number, (kind, source) in enumerate(cells, start=1):
        if kind == "code" and re.search(rf"^def {function}\(", source, re.M):
            return number
    raise KeyError(function)


def notebook_json(cells=CELLS) -> dict:
    """nbformat 4, with source split into lines the way Jupyter saves it."""
    out = []
    count = 0
    for kind, source in cells:
        lines = source.splitlines(keepends=True)
        cell = {"cell_type": kind, "metadata": {}, "source": lines}
        if kind == "code":
            count += 1
            cell.update(execution_count=count, outputs=[])
        out.append(cell)
    return {"cells": out, "metadata": {"kernelspec": {"name": "python3",
                                                     "display_name": "Python 3"}},
            "nbformat": 4, "nbformat_minor": 4}


def write_notebook(path: Path, cells=CELLS) -> Path:
    path.write_text(json.dumps(notebook_json(cells), indent=1, ensure_ascii=False),
                    encoding="utf-8")
    return path


def _export_line(line: str) -> str:
    """A magic line as nbconvert writes it."""
    stripped = line.strip()
    if stripped.startswith("%"):
        name, _, rest = stripped[1:].partition(" ")
        return f"get_ipython().run_line_magic({name!r}, {rest!r})"
    if stripped.startswith("!"):
        return f"get_ipython().system({stripped[1:]!r})"
    return line


def export_text(cells=CELLS) -> str:
    """`jupyter nbconvert --to script` output for the cells."""
    parts = ["#!/usr/bin/env python\n# coding: utf-8\n"]
    count = 0
    for kind, source in cells:
        if kind == "markdown":
            parts.append("\n".join("# " + line if line else "#" for line in source.split("\n")))
        else:
            count += 1
            parts.append(f"# In[{count}]:\n\n\n"
                         + "\n".join(_export_line(line) for line in source.split("\n")))
    return "\n\n\n".join(parts) + "\n\n"


def write_export(path: Path, cells=CELLS) -> Path:
    path.write_text(export_text(cells), encoding="utf-8")
    return path
