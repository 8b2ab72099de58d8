"""The locks in requirements/ agree with pyproject.toml, so `make lock` is never forgotten.

A lock that drifts from the ranges (a dependency added to pyproject.toml but not locked, a pin
outside its range, a floor raised in one place only) would make a fresh machine install
something other than what the suite was written on.
"""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            package, version = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line).groups()
            pins[canonicalize_name(package)] = version
    return pins


def _requirements(extra: str | None = None) -> list[Requirement]:
    given = PROJECT["dependencies"] + (PROJECT["optional-dependencies"][extra] if extra else [])
    return [Requirement(text) for text in given]


def test_every_dependency_is_locked_within_its_range():
    for lock, extra in (("runtime.lock", None), ("test.lock", "test")):
        pins = _pins(lock)
        for requirement in _requirements(extra):
            name = canonicalize_name(requirement.name)
            assert name in pins, f"{requirement.name} is not in requirements/{lock}: make lock"
            assert requirement.specifier.contains(pins[name], prereleases=True), (
                f"requirements/{lock} pins {name}=={pins[name]} outside {requirement}")


def test_the_test_lock_installs_the_same_runtime():
    runtime, test = _pins("runtime.lock"), _pins("test.lock")
    assert {name: test.get(name) for name in runtime} == runtime


def test_the_minimum_versions_are_the_floors_pyproject_claims():
    minimum = {name: Version(v) for name, v in _pins("minimum.txt").items()}
    floors = {canonicalize_name(r.name): Version(next(s.version for s in r.specifier
                                                      if s.operator == ">="))
              for r in _requirements() if any(s.operator == ">=" for s in r.specifier)}
    assert minimum == floors


def test_the_checkout_installs_with_the_locked_build_backend():
    backend = Requirement(tomllib.loads((ROOT / "pyproject.toml").read_text())
                          ["build-system"]["requires"][0])
    assert backend.specifier.contains(_pins("build.lock")[canonicalize_name(backend.name)])
