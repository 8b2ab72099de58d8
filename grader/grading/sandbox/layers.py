"""The operating-system layers, from the trusted side: namespaces, a minimal root, uid drop.

Loaded by path in the fork server (never imports the `grader` package). Python 3.11 has no
os.unshare, so the few calls needed go through libc with ctypes, and only here, before any
student code runs. Every function reports failure by exception; the fork server decides which
layers it has from which of them worked.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import platform
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_NO_NEW_PRIVS = 38
PR_SET_CHILD_SUBREAPER = 36

_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}.get(platform.machine())

_libc = None


def libc():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return _libc


def _check(result: int, what: str) -> int:
    if result == -1:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")
    return result


def unshare(flags: int) -> None:
    _check(libc().unshare(ctypes.c_int(flags)), "unshare")


def mount(source: str, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    _check(libc().mount(source.encode(), target.encode(), fstype.encode() if fstype else None,
                        ctypes.c_ulong(flags), data.encode() if data else None), f"mount {target}")


def umount(target: str, flags: int = MNT_DETACH) -> None:
    _check(libc().umount2(target.encode(), ctypes.c_int(flags)), f"umount {target}")


def prctl(option: int, value: int) -> None:
    _check(libc().prctl(ctypes.c_int(option), ctypes.c_ulong(value), ctypes.c_ulong(0),
                        ctypes.c_ulong(0), ctypes.c_ulong(0)), "prctl")


def pivot_root(new_root: str, put_old: str) -> None:
    if _PIVOT_ROOT is None:
        raise OSError(errno.ENOSYS, "pivot_root: unknown architecture")
    _check(libc().syscall(ctypes.c_long(_PIVOT_ROOT), new_root.encode(), put_old.encode()),
           "pivot_root")


# ---------------------------------------------------------------------------- the minimal root

# Read-only views of the system, plus the interpreter and its packages; nothing else exists.
SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin")
DEVICES = ("/dev/null", "/dev/zero", "/dev/urandom", "/dev/random")


def _bind_readonly(source: str, target: str) -> None:
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.exists(target):
            open(target, "wb").close()
    mount(source, target, None, MS_BIND | MS_REC)
    mount(source, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def build_root(new_root: str, keep: list[str], hide: list[str]) -> None:
    """Make `new_root` a tmpfs holding read-only binds of the system dirs and `keep`, empty
    read-only folders over each of `hide` that falls inside, and mount points /proc, /tmp, /dev."""
    mount("tmpfs", new_root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
    for path in SYSTEM_DIRS:
        if os.path.islink(path):
            os.symlink(os.readlink(path), new_root + path)
        elif os.path.isdir(path):
            _bind_readonly(path, new_root + path)
    for path in keep:
        real = os.path.realpath(path)
        inside = new_root + real
        if os.path.isdir(real) and not os.path.exists(inside):
            _bind_readonly(real, inside)
    for path in DEVICES:
        if os.path.exists(path):
            # Writable and usable as devices: /dev/null must swallow writes.
            target = new_root + path
            os.makedirs(os.path.dirname(target), exist_ok=True)
            open(target, "wb").close()
            mount(path, target, None, MS_BIND)
    for path in hide:
        inside = new_root + os.path.realpath(path)
        if os.path.isdir(inside):
            mount("tmpfs", inside, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=0555")
    for path in ("/proc", "/tmp", SCRATCH_FALLBACK):
        os.makedirs(new_root + path, exist_ok=True)
    os.chmod(new_root, 0o755)


# Each call's scratch tmpfs goes on /tmp, unless the interpreter itself lives under /tmp (a
# checkout or venv there): a tmpfs on /tmp would hide it, so scratch goes here instead.
SCRATCH_FALLBACK = "/scratch"


def scratch_mount_point(keep: list[str]) -> str:
    under_tmp = any(k == "/tmp" or k.startswith("/tmp" + os.sep) for k in keep)
    return SCRATCH_FALLBACK if under_tmp else "/tmp"


def free_mount_point(keep: list[str]) -> str:
    """An existing folder to build the new root on (in our private mount namespace only, so
    nothing is created on the host) that hides none of the folders we keep."""
    for candidate in ("/mnt", "/media", "/srv", "/opt", "/tmp", "/var/tmp"):
        if not os.path.isdir(candidate) or os.path.islink(candidate):
            continue
        if any(k == candidate or k.startswith(candidate + os.sep) for k in keep):
            continue
        return candidate
    raise OSError(errno.ENOENT, "no folder to build the new root on")


def enter_root(new_root: str) -> None:
    """pivot_root into `new_root` and detach the old root (chroot where pivot_root fails)."""
    old = os.path.join(new_root, ".old_root")
    os.makedirs(old, exist_ok=True)
    try:
        pivot_root(new_root, old)
        os.chdir("/")
        umount("/.old_root")
        os.rmdir("/.old_root")
    except OSError:
        os.rmdir(old)
        os.chroot(new_root)
        os.chdir("/")
    # The root itself read-only: the only writable place left is each call's /tmp.
    mount("none", "/", None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def python_paths() -> list[str]:
    """Folders the interpreter and NumPy live in (stdlib, site-packages). Not every sys.path
    entry: an editable install puts the whole checkout there."""
    import numpy

    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.dirname(os.path.realpath(numpy.__file__)))}
    result: list[str] = []
    for path in sorted(os.path.realpath(p) for p in paths):
        if not any(path == r or path.startswith(r + os.sep) for r in result):
            result.append(path)
    return result
