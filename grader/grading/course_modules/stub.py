"""A stand-in for a plotting or notebook library (matplotlib, sklearn, IPython, ...).

The grader never draws or fits anything: every name here is a no-op that accepts any call and
any attribute, so `plt.scatter(...)` or `sklearn.linear_model.LogisticRegressionCV()` inside a
student's function does not fail. Sent to the child as text; imports nothing.
"""

__path__ = []  # a package, so `import matplotlib.pyplot` can find its submodule


class _NoOp:
    """Absorbs calls, attributes, items and `with`; iterates as empty, is falsy."""

    def __init__(self, name):
        object.__setattr__(self, "_name", name)

    def __call__(self, *args, **kwargs):
        return _NoOp(self._name + "()")

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        if name == "subplots":
            return _subplots
        return _NoOp(f"{self._name}.{name}")

    def __setattr__(self, name, value):
        pass

    def __getitem__(self, key):
        return _NoOp(f"{self._name}[...]")

    def __setitem__(self, key, value):
        pass

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 0

    def __bool__(self):
        return False

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def __repr__(self):
        return f"<no-op {self._name}>"


def _subplots(*args, **kwargs):
    # `fig, ax = plt.subplots(...)` unpacks exactly two values.
    return _NoOp("figure"), _NoOp("axes")


def __getattr__(name):
    if name.startswith("__") and name.endswith("__"):
        raise AttributeError(name)
    if name == "subplots":
        return _subplots
    return _NoOp(f"{__name__}.{name}")
