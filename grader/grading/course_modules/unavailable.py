"""A stand-in for a library the grading machine does not provide (torch, pandas, scipy, ...).

Importing it works, so one stray import does not sink the whole file; using any of its names
raises ModuleNotFoundError at that line, inside the function that needed it. Sent to the child
as text; imports nothing.
"""

__path__ = []  # a package, so `import torch.nn` can find its submodule

_WHY = "is not available when grading (the assignment needs only numpy and the course's files)"


class _Missing:
    def __init__(self, name):
        object.__setattr__(self, "_name", name)

    def _fail(self, *args, **kwargs):
        raise ModuleNotFoundError(f"{self._name.split('.')[0]!r} {_WHY}: {self._name}")

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        self._fail()

    __call__ = __getitem__ = __iter__ = __len__ = __bool__ = _fail

    def __repr__(self):
        return f"<unavailable {self._name}>"


def __getattr__(name):
    if name.startswith("__") and name.endswith("__"):
        raise AttributeError(name)
    return _Missing(f"{__name__}.{name}")
