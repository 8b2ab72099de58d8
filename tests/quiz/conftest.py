"""Small banks written to tmp files, so each test shows the YAML it is about."""

import textwrap
from pathlib import Path

import pytest

from grader.quiz.loader import load_quiz

# Three topics, every kind, 6 questions: enough to see drawing, shuffling and scoring.
SMALL_BANK = """\
id: small
title: {en: Small, zh: 小}
pass_mark: 0.5
draw: 4
topics:
  shapes: Shapes
  activations: Activations
  init: Initialization
questions:
  - id: w1
    topic: shapes
    kind: single
    prompt: Shape of W1?
    choices:
      - {id: right, text: "(n_h, n_x)", correct: true, feedback: {en: Yes., zh: 对。}}
      - {id: transposed, text: "(n_x, n_h)", feedback: {en: Transposed., zh: 转置了。}}
      - {id: col, text: "(n_h, 1)"}
      - {id: row, text: "(1, n_h)"}
    explanation: W1 maps n_x inputs to n_h units.
  - id: z1
    topic: shapes
    kind: short
    prompt: Shape of Z1?
    answers: ["(4, m)"]
    explanation: Z1 = W1 @ X + b1.
  - id: relu
    topic: activations
    kind: multiple
    prompt: True of ReLU?
    choices:
      - {id: slope, text: Slope 1 for z > 0, correct: true}
      - {id: default, text: Common default, correct: true}
      - {id: range, text: "Output in (0, 1)", feedback: "No, that is sigmoid."}
    explanation: ReLU is max(0, z).
  - id: tanh
    topic: activations
    kind: true_false
    prompt: tanh is zero-centred.
    answer: true
    feedback: {false: It is centred on 0.}
    explanation: tanh(-z) = -tanh(z).
  - id: zero
    topic: init
    kind: single
    prompt: All-zero weights?
    shuffle: false
    choices:
      - {id: a, text: Symmetric units, correct: true}
      - {id: b, text: Fine}
      - {id: c, text: Both of the above}
    explanation: Every hidden unit computes the same function.
  - id: scale
    topic: init
    kind: short
    prompt: The constant c in randn * c?
    answers: ["0.01"]
    explanation: Small weights keep tanh out of its flat tails.
"""


@pytest.fixture
def write_bank(tmp_path):
    """write_bank(text, name="bank.yaml") -> Path of a file holding the dedented text."""
    def write(text: str, name: str = "bank.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path
    return write


@pytest.fixture
def small_bank_text():
    return SMALL_BANK


@pytest.fixture
def small_quiz(write_bank):
    return load_quiz(write_bank(SMALL_BANK))
