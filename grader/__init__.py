"""Quiz and auto-grader for the shallow neural networks week (one hidden layer)."""

__version__ = "0.1.0"
