"""The child side of the sandbox: the only code that runs next to the student's.

Run by path (`python child.py REQUEST_FD RESULT_FD`) for isolation="plain", or loaded by path by
the fork server, whose forked children call `serve`. It must never import the `grader` package:
it loads protocol.py next to it by path under a private name.

One request = one Call. The answer is one protocol message on the result descriptor, then
os._exit, so nothing the student left running (threads, atexit handlers) gets a say afterwards.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import random
import sys
import traceback
import types
from pathlib import Path

_HERE = Path(__file__).resolve().parent
RESULT_FD = 1000            # far above the descriptors a student sprays by habit (0-63)
MAX_MESSAGE = 2000          # characters kept of an exception message
MAX_FRAMES = 50


def _load_sibling(name: str):
    module_name = f"_grader_sandbox_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, _HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


protocol = _load_sibling("protocol")
guard = _load_sibling("guard")
limits = _load_sibling("limits")

import numpy as np  # noqa: E402  (after the siblings: protocol imports it anyway)
# What submissions use, imported here so the fork server's children inherit them ready
# (numpy.random alone is ~50 ms when first touched).
import copy, math  # noqa: E401, E402, F401
import numpy.linalg  # noqa: E402, F401
import numpy.random  # noqa: E402, F401


# ------------------------------------------------------------------------------------ output


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except InterruptedError:
            continue
        except OSError:
            return  # the parent stopped listening (over the limit, or timed out)
        view = view[written:]


def send(fd: int, answer: dict, limit: int) -> None:
    """Send the answer; an answer too large becomes an output_limit answer."""
    try:
        message = protocol.encode(answer, limit)
    except protocol.TooLarge as error:
        message = protocol.encode({"status": "output_limit", "token": answer.get("token", ""),
                                   "detail": f"the result is too large ({error})"})
    write_all(fd, message)


# ------------------------------------------------------------------------------------ errors


def error_info(error: BaseException, filename: str, lines: list[str]) -> dict:
    """Type, message and the student's own frames of `error` (innermost last)."""
    try:
        message = str(error)
    except BaseException:  # a student's __str__ may raise anything
        message = "<the exception's message could not be read>"
    frames = []
    try:
        for frame, lineno in traceback.walk_tb(error.__traceback__):
            if frame.f_code.co_filename != filename:
                continue
            text = lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""
            frames.append([int(lineno), str(frame.f_code.co_name), text])
    except BaseException:
        pass
    if isinstance(error, SyntaxError) and not frames and error.filename == filename:
        # A syntax error has no frame in the file; its own line number is the student's line.
        lineno = error.lineno if isinstance(error.lineno, int) else 0
        text = lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""
        frames.append([lineno, "<module>", text])
    return {"type": protocol._type_name(error), "message": message[:MAX_MESSAGE],
            "frames": frames[-MAX_FRAMES:]}


# ------------------------------------------------------------------------------------ modules


class _SourceFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the course helper shims (planar_utils, testCases_v2, ...) from source text."""

    def __init__(self, sources: dict[str, str]):
        self.sources = dict(sources)

    def find_spec(self, fullname, path=None, target=None):
        if fullname in self.sources:
            # A name with dotted children (matplotlib -> matplotlib.pyplot) must be a package.
            package = any(name.startswith(fullname + ".") for name in self.sources)
            return importlib.util.spec_from_loader(fullname, self, is_package=package)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        code = compile(self.sources[module.__name__], f"<course module {module.__name__}>", "exec")
        exec(code, module.__dict__)


# ------------------------------------------------------------------------------------ one call


class _Memory(Exception):
    pass


def run_call(request: dict) -> dict:
    """Run one Call in this process; the answer as plain data (never raises)."""
    filename = request["filename"]
    source = request["source"]
    # Same inputs, same outcomes: a fixed start for both generators, whatever the process.
    np.random.seed(0)
    random.seed(0)
    lines = source.splitlines()

    modules = request.get("modules") or {}
    if modules:
        sys.meta_path.insert(0, _SourceFinder(modules))

    module = types.ModuleType("submission")
    module.__file__ = filename
    sys.modules["submission"] = module
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except BaseException as error:  # the parser's MemoryError on deep nesting is not the cap
        return {"status": "load_error", "error": error_info(error, filename, lines),
                "detail": "the submission could not be compiled"}
    try:
        exec(code, module.__dict__)
    except MemoryError:
        return {"status": "memory", "detail": "the submission ran out of memory while loading"}
    except BaseException as error:  # SystemExit and KeyboardInterrupt too: the student's doing
        return {"status": "load_error", "error": error_info(error, filename, lines),
                "detail": "importing the submission raised an exception"}

    name = request["function"]
    function = module.__dict__.get(name)
    if function is None or not callable(function):
        return {"status": "missing", "detail": f"the submission defines no function {name!r}"}

    for helper, helper_source in (request.get("stand_ins") or {}).items():
        namespace = {"np": np, "__name__": f"stand_in_{helper}"}
        exec(compile(helper_source, f"<stand-in {helper}>", "exec"), namespace)
        module.__dict__[helper] = namespace[helper]

    seed = request.get("seed")
    results = []
    for args, kwargs, return_args in request["cases"]:
        if seed is not None:
            np.random.seed(seed)
        try:
            value = function(*args, **kwargs)
            result = {"ok": True, "value": value}
        except MemoryError:
            return {"status": "memory", "detail": "the submission ran out of memory"}
        except BaseException as error:
            result = {"ok": False, "error": error_info(error, filename, lines)}
        if return_args:
            result["args_after"] = tuple(args)
        results.append(result)
    return {"status": "ok", "cases": results}


def serve(request: dict, result_fd: int, protected: list[str] | None, result_limit: int) -> None:
    """Guard the process, run the call, answer, and end the process.

    The request's token goes back with the answer and nowhere else, so a message the student
    writes blind to the answer pipe is told apart from the harness's (a student who digs the
    token out of this frame only forges their own results)."""
    token = request.pop("token", "")
    sys.argv = [request["filename"]]
    if protected is not None:  # None only when a test looks at the OS layers on their own
        guard.install(protected, lambda detail: _forbidden(result_fd, detail, token))
    try:
        answer = run_call(request)
    except MemoryError:
        answer = {"status": "memory", "detail": "the submission ran out of memory"}
    except BaseException as error:  # the harness itself failed: say so plainly
        answer = {"status": "crashed", "detail": f"the sandbox harness failed ({type(error).__name__})"}
    _flush()
    answer["token"] = token
    try:
        send(result_fd, answer, result_limit)
    except MemoryError:
        write_all(result_fd, protocol.encode({"status": "memory", "token": token,
                                              "detail": "the submission ran out of memory"}))
    os._exit(0)


def _flush() -> None:
    # os._exit skips the interpreter's own flush; the student's prints belong in the report.
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except BaseException:
            pass


def _forbidden(result_fd: int, detail: str, token: str) -> None:
    _flush()
    write_all(result_fd, protocol.encode({"status": "forbidden", "detail": detail, "token": token}))
    os._exit(0)


def main(argv: list[str]) -> None:
    """Plain mode: argv = REQUEST_FD RESULT_FD. Limits are applied here, before student code."""
    request_fd, result_fd = int(argv[1]), int(argv[2])
    chunks = []
    while chunk := os.read(request_fd, 1 << 20):
        chunks.append(chunk)
    os.close(request_fd)
    os.dup2(result_fd, RESULT_FD, inheritable=False)
    os.close(result_fd)
    envelope = protocol.decode(b"".join(chunks))
    limits.apply(envelope["limits"])
    serve(envelope["request"], RESULT_FD, envelope["protected"], envelope["limits"]["result_bytes"])


if __name__ == "__main__":
    main(sys.argv)
