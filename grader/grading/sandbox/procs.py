"""Finding and killing a child's whole process tree, including what tried to leave it.

Without a PID namespace (isolation="plain", or machines without namespaces) a process that
double-forks or calls setsid leaves the child's process group. We find such processes by
scanning /proc for: descendants of the child, members of its session or process group, and any
process still holding one of the child's pipes. A daemon that drops all of those escapes this
scan; the PID namespace used by isolation="full" leaves it nowhere to go.
"""

from __future__ import annotations

import os
import signal
from typing import Iterable


def _stat(pid: int) -> tuple[int, int, int] | None:
    """(ppid, pgrp, session) of `pid`, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    # The command name is in parentheses and may itself contain ") "; split after the last one.
    fields = data[data.rfind(b")") + 2:].split()
    try:
        return int(fields[1]), int(fields[2]), int(fields[3])
    except (IndexError, ValueError):
        return None


def _holds(pid: int, inodes: set[str]) -> bool:
    try:
        names = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for name in names:
        try:
            if os.readlink(f"/proc/{pid}/fd/{name}") in inodes:
                return True
        except OSError:
            continue
    return False


def pipe_ids(fds: Iterable[int]) -> set[str]:
    """The /proc link text ("pipe:[123]") of each pipe descriptor."""
    ids = set()
    for fd in fds:
        try:
            ids.add(f"pipe:[{os.fstat(fd).st_ino}]")
        except OSError:
            pass
    return ids


def tree(root: int, pipes: set[str] = frozenset()) -> set[int]:
    """Processes that belong to `root`'s run: its descendants, its session and group members,
    and holders of its pipes. Empty where /proc is not available."""
    if not os.path.isdir("/proc"):
        return set()
    me = os.getpid()
    table: dict[int, tuple[int, int, int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            info = _stat(int(name))
            if info is not None:
                table[int(name)] = info
    found = {root} if root in table else set()
    # The root's own session counts too when it is not ours (a supervisor's setsid).
    mine = table.get(me, (0, 0, 0))[2]
    sessions = {root} | ({table[root][2]} if root in table and table[root][2] != mine else set())
    for pid, (_, pgrp, session) in table.items():
        if pgrp == root or session in sessions:
            found.add(pid)
    changed = True
    while changed:
        changed = False
        for pid, (ppid, _, _) in table.items():
            if ppid in found and pid not in found:
                found.add(pid)
                changed = True
    if pipes:
        found |= {pid for pid in table if pid not in found and _holds(pid, set(pipes))}
    found.discard(me)
    if root in table:
        found.discard(table[root][0])  # the root's parent: a trusted supervisor, not the call
    return found


def kill_tree(root: int, pipes: set[str] = frozenset()) -> None:
    """SIGKILL `root`'s process group and everything `tree` finds, twice (a fork may race
    the first sweep) when the first sweep found anything."""
    for _ in range(2):
        try:
            os.killpg(root, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        found = tree(root, pipes)
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if not found - {root}:
            return
