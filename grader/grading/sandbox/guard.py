"""The audit-hook layer: refuses what a submission has no business doing, inside the child.

Loaded by path in the child (never imports the `grader` package). `sys.addaudithook` hooks
cannot be removed from Python, so once installed, any of these ends the call as "forbidden":
importing the grader package; touching the grader's folders; writing, deleting or renaming
outside the scratch folder; opening a folder outside it (a directory descriptor would let
relative paths dodge these checks), paths with "..", links; reaching other processes through
/proc or signals; running programs; sockets; ctypes; walking the garbage collector's objects.

This is defence in depth and the portable layer (it is all that guards the files when the OS
layers are unavailable); the OS layers (namespaces, uid, seccomp) are the boundary, since code
that reaches raw memory can get around any in-process hook.
"""

from __future__ import annotations

import os
import sys
from typing import Callable

_PROGRAM = "tried to run a program"
_NETWORK = "tried to use the network"
_INSPECT = "tried to inspect the grader's objects"
# Events refused outright, with the reason the report shows.
_REFUSED = {
    "os.system": _PROGRAM, "os.exec": _PROGRAM, "os.posix_spawn": _PROGRAM,
    "os.spawn": _PROGRAM, "os.forkpty": _PROGRAM, "subprocess.Popen": _PROGRAM,
    "pty.spawn": _PROGRAM,
    "socket.connect": _NETWORK, "socket.bind": _NETWORK, "socket.sendto": _NETWORK,
    "socket.sendmsg": _NETWORK, "socket.getaddrinfo": _NETWORK,
    "gc.get_objects": _INSPECT, "gc.get_referrers": _INSPECT, "gc.get_referents": _INSPECT,
    "sys._current_frames": _INSPECT,
    "os.symlink": "tried to make a link", "os.link": "tried to make a link",
}
# Modules whose import is refused: each reaches files or programs from C without an audit event
# (readline reads and writes any file; SQLite's ATTACH and dbm open any path; POSIX shared memory
# creates files in /dev/shm). No course function needs them.
_UNAUDITED_FILES = "used a module that reaches files unseen (readline, sqlite, dbm, shared memory)"
_REFUSED_MODULES = {
    "_posixsubprocess": _PROGRAM, "grader": "tried to import the grader package",
    "readline": _UNAUDITED_FILES, "sqlite3": _UNAUDITED_FILES, "_sqlite3": _UNAUDITED_FILES,
    "dbm": _UNAUDITED_FILES, "_dbm": _UNAUDITED_FILES, "_gdbm": _UNAUDITED_FILES,
    "_posixshmem": _UNAUDITED_FILES,
}
# Functions that make files or signal processes without an audit event: replaced before the
# student's code runs by one that ends the call as forbidden.
_UNAUDITED_FUNCTIONS = {
    "mkfifo": "tried to make a special file", "mknod": "tried to make a special file",
    "pidfd_open": "tried to reach another process",
}
# Events whose leading arguments are paths that must not be inside the protected folders.
_READS = {
    "open": 1, "os.listdir": 1, "os.scandir": 1, "os.chdir": 1, "os.listxattr": 1,
    "os.getxattr": 1, "glob.glob": 1, "shutil.copyfile": 1, "shutil.copytree": 1,
}
# Events that change files: every path argument must be inside the scratch folder.
_CHANGES = {
    "os.rename": 2, "os.remove": 1, "os.rmdir": 1, "os.truncate": 1, "os.chmod": 1,
    "os.chown": 1, "os.utime": 1, "os.mkdir": 1, "os.setxattr": 1, "os.removexattr": 1,
    "shutil.copyfile": 2, "shutil.copytree": 2, "shutil.rmtree": 1, "shutil.copymode": 2,
    "shutil.copystat": 2, "shutil.chown": 1, "shutil.move": 2, "shutil.make_archive": 1,
}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_ALWAYS_WRITABLE = ("/dev/null", "/dev/stdout", "/dev/stderr")
_GRADER = "grader"


def _inside(real: str, roots: tuple[str, ...]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _other_process(text: str) -> bool:
    """A /proc path of a process other than this one."""
    parts = os.path.abspath(text).split(os.sep)
    return len(parts) > 2 and parts[1] == "proc" and parts[2].isdigit() \
        and int(parts[2]) != os.getpid()


def _ancestry_has(pid: int, ancestor: int) -> bool:
    """Whether `ancestor` is `pid` or one of its ancestors."""
    for _ in range(64):
        if pid == ancestor:
            return True
        if pid <= 1:
            return False
        try:
            with open(f"/proc/{pid}/stat", "rb") as handle:
                pid = int(handle.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return False
    return False


def _scrub_program_runners() -> None:
    """Drop the already-imported module that forks and execs without an audit event, and
    every reference a loaded module holds to it (re-importing it is then refused)."""
    runner = sys.modules.pop("_posixsubprocess", None)
    if runner is None:
        return
    fork_exec = getattr(runner, "fork_exec", None)
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict):
            continue
        for name, value in list(namespace.items()):
            if value is runner or (fork_exec is not None and value is fork_exec):
                namespace[name] = None


def _replace_unaudited_functions(forbid: Callable[[str], None]) -> None:
    import posix
    import signal

    def refusing(reason: str):
        def refused(*args, **kwargs):
            forbid(f"the submission {reason}")
            raise PermissionError(f"the sandbox refuses this: {reason}")
        return refused

    for name, reason in _UNAUDITED_FUNCTIONS.items():
        for module in (os, posix):
            if hasattr(module, name):
                setattr(module, name, refusing(reason))
    if hasattr(signal, "pidfd_send_signal"):
        signal.pidfd_send_signal = refusing("tried to signal another process")


def install(protected: list[str], forbid: Callable[[str], None], scratch: str | None = None) -> None:
    """From now on, `forbid(detail)` ends the process when the code oversteps (it must not
    return). `scratch` (default: the current folder) is the one place it may change."""
    roots = tuple(os.path.realpath(p) for p in protected)
    writable = (os.path.realpath(scratch or os.getcwd()),)
    busy = [False]  # the hook's own checks (realpath, /proc reads) must not re-enter it
    _scrub_program_runners()
    _replace_unaudited_functions(forbid)

    def path_problem(event: str, args: tuple) -> str | None:
        changes = _CHANGES.get(event, 0)
        reads = _READS.get(event, 0)
        for index, path in enumerate(args[:max(changes, reads)]):
            if path is None or isinstance(path, int):
                continue
            try:
                text = os.fsdecode(path)
            except Exception:
                continue
            if not os.path.isabs(text) and ".." in text.split(os.sep):
                return "used a relative path with '..'"
            real = os.path.realpath(text)
            if _inside(real, roots):
                return f"tried to access the grader's files ({real})"
            if _other_process(text) or _other_process(real):
                return "tried to reach another process"
            if index < changes and not _inside(real, writable):
                return f"tried to change files outside its scratch folder ({real})"
            if event == "open" and index == 0:
                mode, flags = (args + (None, None))[1:3]
                writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                    isinstance(flags, int) and flags & _WRITE_FLAGS)
                if writing and not _inside(real, writable) and text not in _ALWAYS_WRITABLE \
                        and real not in _ALWAYS_WRITABLE:
                    return f"tried to write outside its scratch folder ({real})"
                if os.path.isdir(real) and not _inside(real, writable):
                    return f"tried to open a folder outside its scratch folder ({real})"
        return None

    def signal_problem(event: str, args: tuple) -> str | None:
        target = args[0] if args else None
        if not isinstance(target, int):
            return None
        me = os.getpid()
        if event == "os.killpg":
            return None if target in (0, os.getpgid(0)) else "tried to signal other processes"
        if target == 0 or target == me:
            return None
        if target < 0:
            return None if -target == os.getpgid(0) else "tried to signal other processes"
        return None if _ancestry_has(target, me) else "tried to signal another process"

    def hook(event: str, args: tuple) -> None:
        if busy[0]:
            return
        reason = None
        if event == "import":
            module = args[0] if args else ""
            if isinstance(module, str):
                top = module.split(".", 1)[0]
                reason = _REFUSED_MODULES.get(top)
        elif event in _REFUSED:
            reason = _REFUSED[event]
        elif event.startswith("ctypes."):
            reason = "tried to use ctypes"
        elif event == "object.__setattr__" and len(args) > 1 and args[1] == "__code__":
            reason = "tried to replace a function's code"
        elif event in _READS or event in _CHANGES or event in ("os.kill", "os.killpg"):
            busy[0] = True
            try:
                if event in ("os.kill", "os.killpg"):
                    reason = signal_problem(event, args)
                else:
                    reason = path_problem(event, args)
            finally:
                busy[0] = False
        if reason is not None:
            busy[0] = True
            forbid(f"the submission {reason}")
            raise PermissionError(f"the sandbox refuses this: {reason}")

    sys.addaudithook(hook)
