"""What the engine says each graded function should return, and what known mistakes return.

For every function the grader knows: how to make its inputs (inputs.py), the engine's answer,
the known-wrong variants (a diagnosis code and the output that mistake produces on the same
inputs), the helpers it calls, and the self-contained source of the reference version that can
stand in for a student's failing helper (built from the engine's own source, never importing
`grader`, because it runs inside the sandbox).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

import numpy as np

from grader.engine import activations as act
from grader.engine import shallow_net as net
from grader.grading import inputs


class AnyOf(tuple):
    """Several accepted answers (ReLU's derivative at exactly z = 0 may be 0 or 1)."""


@dataclass(frozen=True)
class FunctionRef:
    name: str
    kinds: frozenset[str]                       # check kinds that apply to it
    make_cases: Callable                        # (rng, count, corners, **options) -> list[Inputs]
    expected: Callable[..., Any] | None = None  # engine answer from the case's args
    variants: tuple[tuple[str, Callable], ...] = ()   # (diagnosis code, wrong answer from args)
    output_names: tuple[str, ...] = ()          # names of a returned tuple's items
    averages_over_m: bool = False               # 1/m mistakes are worth looking for
    gradient_checked: bool = False              # a wrong answer gets a finite-difference check
    helpers: tuple[str, ...] = ()               # graded functions it calls
    call_seed: int | None = None                # np.random.seed before each case
    root: str = ""                              # what to call the returned value in feedback
    corners: tuple[str, ...] = ()               # inputs.CORNERS its contract allows
    # How the course's notebook (and the grader) call it, one tuple of calls per accepted
    # form: (positional count, keywords). A signature that binds none of them is refused.
    course_calls: tuple[tuple[tuple[int, tuple[str, ...]], ...], ...] = ()
    course_signature: str = ""                  # the course's own def line, for feedback


# ---------------------------------------------------------------------------- variants


def _forward_with(hidden=np.tanh, output=act.sigmoid, bias=True):
    def forward(X, parameters):
        W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
        Z1 = W1 @ X + (b1 if bias else 0)
        A1 = hidden(Z1)
        Z2 = W2 @ A1 + (b2 if bias else 0)
        A2 = output(Z2)
        return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return forward


def _cost_only_positive(A2, Y, *_):
    return float(-np.sum(Y * np.log(A2)) / Y.shape[1])


def _cost_only_negative(A2, Y, *_):
    return float(-np.sum((1 - Y) * np.log(1 - A2)) / Y.shape[1])


def _cost_wrong_sign(A2, Y, *_):
    return -net.compute_cost(A2, Y)


def _backward_sigmoid_derivative(parameters, cache, X, Y):
    m = X.shape[1]
    A1, dZ2 = cache["A1"], cache["A2"] - Y
    dZ1 = (parameters["W2"].T @ dZ2) * (A1 * (1 - A1))
    return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m}


def _update_plus(parameters, grads, learning_rate=net.DEFAULT_LEARNING_RATE):
    return net.update_parameters(parameters, grads, -learning_rate)


def _update_default_rate(parameters, grads, learning_rate=net.DEFAULT_LEARNING_RATE):
    return net.update_parameters(parameters, grads, net.DEFAULT_LEARNING_RATE)


def _probabilities(parameters, X):
    return net.forward_propagation(X, parameters)[0]


def _expected_args(function):
    """The engine function called with the case's args (rng and friends left at defaults)."""
    return lambda *args: function(*args)


def _relu_derivative(z):
    return AnyOf((act.relu_derivative(z), np.where(z > 0, 1.0, 0.0)))


def _leaky_relu_derivative(z):
    return AnyOf((act.leaky_relu_derivative(z), np.where(z > 0, 1.0, act.LEAKY_SLOPE)))


def _sigmoid_a_form(z):
    return z * (1 - z)


def _tanh_a_form(z):
    return 1 - z**2


def _sigmoid_of_tanh(z):
    return act.sigmoid_derivative_from_a(np.tanh(z))


# ---------------------------------------------------------------------------- registry

_VALUES = frozenset({"values"})
# The corners of each contract (inputs.CORNERS); n_y = 1 where the notebook asserts it.
_ANY_N_Y = ("n_y=1", "n_y>=2")

FUNCTIONS: dict[str, FunctionRef] = {ref.name: ref for ref in (
    FunctionRef("layer_sizes", _VALUES, inputs.layer_sizes_cases, _expected_args(net.layer_sizes),
                output_names=("n_x", "n_h", "n_y"), corners=(*_ANY_N_Y, "m=1"),
                course_calls=(((2, ()),),), course_signature="layer_sizes(X, Y)"),
    FunctionRef("initialize_parameters", frozenset({"properties"}),
                inputs.initialize_parameters_cases, call_seed=2, corners=(*_ANY_N_Y, "n_h=1"),
                course_calls=(((3, ()),),), course_signature="initialize_parameters(n_x, n_h, n_y)"),
    FunctionRef("forward_propagation", _VALUES, inputs.forward_propagation_cases,
                _expected_args(net.forward_propagation),
                variants=(("wrong_hidden_activation", _forward_with(hidden=act.sigmoid)),
                          ("wrong_hidden_activation", _forward_with(hidden=act.relu)),
                          ("wrong_output_activation", _forward_with(output=np.tanh)),
                          ("missing_bias", _forward_with(bias=False))),
                output_names=("A2", "cache"), corners=("n_h=1", "m=1"),
                course_calls=(((2, ()),),), course_signature="forward_propagation(X, parameters)"),
    FunctionRef("compute_cost", _VALUES, inputs.compute_cost_cases,
                lambda A2, Y, *_: net.compute_cost(A2, Y),
                variants=(("cost_missing_term", _cost_only_positive),
                          ("cost_missing_term", _cost_only_negative),
                          ("cost_wrong_sign", _cost_wrong_sign)),
                averages_over_m=True, root="cost", corners=("m=1",),
                # the newer notebook's compute_cost(A2, Y), or the older (A2, Y, parameters)
                course_calls=(((2, ()),), ((3, ()),)), course_signature="compute_cost(A2, Y)"),
    FunctionRef("backward_propagation", _VALUES, inputs.backward_propagation_cases,
                _expected_args(net.backward_propagation),
                variants=(("sigmoid_derivative_for_tanh", _backward_sigmoid_derivative),),
                averages_over_m=True, gradient_checked=True, corners=(*_ANY_N_Y, "n_h=1", "m=1"),
                course_calls=(((4, ()),),),
                course_signature="backward_propagation(parameters, cache, X, Y)"),
    FunctionRef("update_parameters", frozenset({"values", "inputs_unchanged"}),
                inputs.update_parameters_cases, _expected_args(net.update_parameters),
                variants=(("update_wrong_sign", _update_plus),
                          ("ignores_learning_rate", _update_default_rate)),
                corners=(*_ANY_N_Y, "n_h=1"),
                # nn_model calls it with the default rate; the grader also gives one
                course_calls=(((2, ()), (3, ())),),
                course_signature="update_parameters(parameters, grads, learning_rate=1.2)"),
    FunctionRef("nn_model", frozenset({"learns"}), inputs.nn_model_cases,
                helpers=("layer_sizes", "initialize_parameters", "forward_propagation",
                         "compute_cost", "backward_propagation", "update_parameters"),
                call_seed=net.COURSE_SEED,
                course_calls=(((3, ("num_iterations", "print_cost")), (3, ("num_iterations",))),),
                course_signature="nn_model(X, Y, n_h, num_iterations=10000, print_cost=False)"),
    FunctionRef("predict", _VALUES, inputs.predict_cases, _expected_args(net.predict),
                variants=(("returns_probabilities", _probabilities),),
                helpers=("forward_propagation",), root="predictions", corners=("n_h=1", "m=1"),
                course_calls=(((2, ()),),), course_signature="predict(parameters, X)"),
    # activations
    FunctionRef("sigmoid", _VALUES, inputs.activation_cases, act.sigmoid),
    FunctionRef("relu", _VALUES, inputs.activation_cases, act.relu),
    FunctionRef("leaky_relu", _VALUES, inputs.activation_cases, act.leaky_relu),
    FunctionRef("sigmoid_derivative", _VALUES, inputs.activation_cases, act.sigmoid_derivative,
                variants=(("derivative_in_terms_of_a", _sigmoid_a_form),
                          ("activation_instead_of_derivative", act.sigmoid))),
    FunctionRef("tanh_derivative", _VALUES, inputs.activation_cases, act.tanh_derivative,
                variants=(("derivative_in_terms_of_a", _tanh_a_form),
                          ("sigmoid_derivative_for_tanh", act.sigmoid_derivative),
                          ("sigmoid_derivative_for_tanh", _sigmoid_of_tanh),
                          ("activation_instead_of_derivative", np.tanh))),
    FunctionRef("relu_derivative", _VALUES, inputs.activation_cases, _relu_derivative,
                variants=(("activation_instead_of_derivative", act.relu),)),
    FunctionRef("leaky_relu_derivative", _VALUES, inputs.activation_cases, _leaky_relu_derivative,
                variants=(("activation_instead_of_derivative", act.leaky_relu),)),
)}


def signature_problem(ref: FunctionRef, signature) -> bool:
    """True when the student's signature binds none of the course's ways of calling `ref`."""
    if not ref.course_calls:
        return False
    return not any(all(signature.binds(call) for call in form) for form in ref.course_calls)


# ---------------------------------------------------------------------------- stand-ins

# What each reference helper needs besides NumPy, in definition order.
_STAND_IN_PARTS: dict[str, tuple] = {
    "layer_sizes": ("DEFAULT_HIDDEN", net.layer_sizes),
    "initialize_parameters": (net.initialize_parameters,),
    "forward_propagation": (act.sigmoid, net.forward_propagation),
    "compute_cost": (net.compute_cost,),
    "backward_propagation": (net.backward_propagation,),
    "update_parameters": ("DEFAULT_LEARNING_RATE", net.update_parameters),
}

# The older course called compute_cost(A2, Y, parameters): the stand-in takes both forms.
_STAND_IN_TAIL = {
    "compute_cost": (
        "\n_reference_compute_cost = compute_cost\n\n\n"
        "def compute_cost(A2, Y, parameters=None):\n"
        "    return _reference_compute_cost(A2, Y)\n"
    ),
}


@lru_cache(maxsize=None)
def stand_in_source(name: str) -> str:
    """Self-contained Python source defining the reference `name` (NumPy only)."""
    pieces = ["import numpy as np\n"]
    for part in _STAND_IN_PARTS[name]:
        if isinstance(part, str):
            pieces.append(f"{part} = {getattr(net, part)!r}\n")
        else:
            pieces.append(inspect.getsource(part))
    pieces.append(_STAND_IN_TAIL.get(name, ""))
    return "\n\n".join(pieces)


def can_stand_in(name: str) -> bool:
    return name in _STAND_IN_PARTS

