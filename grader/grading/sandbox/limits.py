"""Resource limits for the child (rlimits). Loaded by path in the child; standard library only."""

from __future__ import annotations

try:
    import resource
except ImportError:  # pragma: no cover - not on this platform
    resource = None

OPEN_FILES = 64


def apply(limits: dict) -> list[str]:
    """Set the child's rlimits from plain `limits`; the names of those that could be set."""
    if resource is None:
        return []
    cpu = int(limits["cpu_s"])
    wanted = {
        "RLIMIT_CPU": (cpu, cpu + 1),   # SIGXCPU at the soft limit, SIGKILL one second later
        "RLIMIT_AS": (int(limits["memory_bytes"]),) * 2,
        "RLIMIT_FSIZE": (int(limits["file_bytes"]),) * 2,
        "RLIMIT_NOFILE": (OPEN_FILES, OPEN_FILES),
        "RLIMIT_CORE": (0, 0),
    }
    if limits.get("nproc"):  # per uid: only meaningful once the child has a uid of its own
        wanted["RLIMIT_NPROC"] = (int(limits["processes"]),) * 2
    done = []
    for name, value in wanted.items():
        which = getattr(resource, name, None)
        if which is None:
            continue
        try:
            resource.setrlimit(which, value)
            done.append(name)
        except (ValueError, OSError):
            pass
    return done
