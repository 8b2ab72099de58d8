"""The audit-hook layer: refuses what a submission has no business doing, inside the child.

Loaded by path in the child (never imports the `grader` package). `sys.addaudithook` hooks
cannot be removed from Python, so once installed, importing the grader package, touching the
grader's files, running programs, opening sockets or using ctypes ends the call as "forbidden".
This is defence in depth and the portable layer; the OS layers (namespaces, uid) are the
boundary, since code that reaches raw memory can get around any in-process hook.
"""

from __future__ import annotations

import os
import sys
from typing import Callable

# Events refused outright, with the reason the report shows.
_REFUSED = {
    "os.system": "tried to run a program",
    "os.exec": "tried to run a program",
    "os.posix_spawn": "tried to run a program",
    "os.spawn": "tried to run a program",
    "os.forkpty": "tried to run a program",
    "subprocess.Popen": "tried to run a program",
    "pty.spawn": "tried to run a program",
    "socket.connect": "tried to use the network",
    "socket.bind": "tried to use the network",
    "socket.sendto": "tried to use the network",
    "socket.sendmsg": "tried to use the network",
    "socket.getaddrinfo": "tried to use the network",
    "gc.get_objects": "tried to inspect the grader's objects",
    "gc.get_referrers": "tried to inspect the grader's objects",
    "gc.get_referents": "tried to inspect the grader's objects",
    "sys._current_frames": "tried to inspect the grader's frames",
}
# Events whose leading arguments are paths (checked against the protected folders).
_PATH_ARGS = {
    "open": 1, "os.listdir": 1, "os.scandir": 1, "os.chdir": 1, "os.symlink": 2, "os.link": 2,
    "os.rename": 2, "os.remove": 1, "os.rmdir": 1, "os.truncate": 1, "os.chmod": 1,
    "os.chown": 1, "os.utime": 1, "os.mkdir": 1, "os.listxattr": 1, "os.getxattr": 1,
    "glob.glob": 1, "shutil.copyfile": 2, "shutil.copytree": 2, "shutil.rmtree": 1,
    "shutil.copymode": 2, "shutil.copystat": 2, "shutil.chown": 1, "shutil.move": 2,
}
_GRADER = "grader"


def _inside(path: object, roots: tuple[str, ...]) -> str | None:
    if isinstance(path, int) or path is None:
        return None
    try:
        text = os.fsdecode(path)
        real = os.path.realpath(text)
    except Exception:
        return None
    for root in roots:
        if real == root or real.startswith(root + os.sep):
            return real
    return None


def install(protected: list[str], forbid: Callable[[str], None]) -> None:
    """From now on, `forbid(detail)` ends the process when the code oversteps (it must not return)."""
    roots = tuple(os.path.realpath(p) for p in protected)
    busy = [False]  # the hook's own path checks must not re-enter it

    def hook(event: str, args: tuple) -> None:
        if busy[0]:
            return
        reason = None
        if event == "import":
            module = args[0] if args else ""
            if isinstance(module, str) and (module == _GRADER or module.startswith(_GRADER + ".")):
                reason = "tried to import the grader package"
        elif event in _REFUSED:
            reason = _REFUSED[event]
        elif event.startswith("ctypes."):
            reason = "tried to use ctypes"
        elif event == "object.__setattr__" and len(args) > 1 and args[1] == "__code__":
            reason = "tried to replace a function's code"
        elif event in _PATH_ARGS:
            busy[0] = True
            try:
                for path in args[:_PATH_ARGS[event]]:
                    hit = _inside(path, roots)
                    if hit is not None:
                        reason = f"tried to access the grader's files ({hit})"
                        break
            finally:
                busy[0] = False
        if reason is not None:
            busy[0] = True
            forbid(f"the submission {reason}")
            raise PermissionError(f"the sandbox refuses this: {reason}")

    sys.addaudithook(hook)
