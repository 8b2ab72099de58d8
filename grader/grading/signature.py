"""A function's parameters as written, and whether the course's own calls can bind to them.

Read from the source (never by running it), so the parent can tell `nn_model(X, Y, n_h,
num_iter=...)` is not the course's function before any student code runs.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

# A call as the course makes it: how many positional arguments, and which keywords.
CourseCall = tuple[int, tuple[str, ...]]


@dataclass(frozen=True)
class Signature:
    positional: tuple[str, ...]           # positional-only and ordinary parameters, in order
    positional_only: int = 0              # how many of them are positional-only
    defaults: int = 0                     # how many of the last positional ones have a default
    keyword_only: tuple[str, ...] = ()
    required_keyword_only: tuple[str, ...] = ()
    varargs: str | None = None
    varkw: str | None = None

    @classmethod
    def of(cls, args: ast.arguments) -> "Signature":
        positional = tuple(a.arg for a in args.posonlyargs + args.args)
        required_kw = tuple(a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is None)
        return cls(positional, len(args.posonlyargs), len(args.defaults),
                   tuple(a.arg for a in args.kwonlyargs), required_kw,
                   args.vararg.arg if args.vararg else None, args.kwarg.arg if args.kwarg else None)

    @property
    def names(self) -> tuple[str, ...]:
        """Every parameter, in the order the def lists them."""
        star = (self.varargs,) if self.varargs else ()
        double = (self.varkw,) if self.varkw else ()
        return self.positional + star + self.keyword_only + double

    def binds(self, call: CourseCall) -> bool:
        """Would `f(<n positional>, **{keywords})` bind, as Python would decide it?"""
        count, keywords = call
        if count > len(self.positional) and not self.varargs:
            return False
        bound = set(self.positional[:count])
        for keyword in keywords:
            named = keyword in self.positional[self.positional_only:] or keyword in self.keyword_only
            if keyword in bound or not (named or self.varkw):
                return False
            bound.add(keyword)
        required = self.positional[:len(self.positional) - self.defaults]
        return all(name in bound for name in required) and all(
            name in bound for name in self.required_keyword_only)

    def describe(self, name: str) -> str:
        """`name(a, b, c=...)` as the student wrote it (defaults shown as `=...`)."""
        parts = []
        first_default = len(self.positional) - self.defaults
        for index, param in enumerate(self.positional):
            parts.append(param + ("=..." if index >= first_default else ""))
            if self.positional_only and index == self.positional_only - 1:
                parts.append("/")
        if self.varargs:
            parts.append("*" + self.varargs)
        elif self.keyword_only:
            parts.append("*")
        parts += [p + ("" if p in self.required_keyword_only else "=...") for p in self.keyword_only]
        if self.varkw:
            parts.append("**" + self.varkw)
        return f"{name}({', '.join(parts)})"
