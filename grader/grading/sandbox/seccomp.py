"""A seccomp filter for the student's process: system calls a NumPy exercise never needs, refused.

Loaded by path in the fork server (never imports the `grader` package). The filter is a small
classic-BPF program built here by hand (no libseccomp needed): on x86_64 it refuses, with EPERM,
the calls that widen the kernel's attack surface or undo the other layers (new namespaces,
mounts, ptrace, bpf, userfaultfd, io_uring, perf, keyrings, module loading, exec, ...), refuses
clone/unshare asking for a namespace, and answers clone3 with ENOSYS so the C library falls back
to clone, whose flags the filter can read. Other architectures get no filter (the layer reports
itself inactive).
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct

AUDIT_ARCH_X86_64 = 0xC000003E
X32_SYSCALL_BIT = 0x40000000

SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2

# Every CLONE_NEW* flag (ns, cgroup, uts, ipc, user, pid, net, time).
CLONE_NEW_ANY = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 \
    | 0x40000000 | 0x00000080

# x86_64 numbers.
DENIED = {
    "setns": 308, "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161,
    "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "bpf": 321,
    "perf_event_open": 298, "userfaultfd": 323, "keyctl": 250, "add_key": 248,
    "request_key": 249, "kexec_load": 246, "kexec_file_load": 320, "init_module": 175,
    "finit_module": 313, "delete_module": 176, "io_uring_setup": 425, "io_uring_enter": 426,
    "io_uring_register": 427, "open_by_handle_at": 304, "name_to_handle_at": 303,
    "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432,
    "fspick": 433, "mount_setattr": 442, "acct": 163, "swapon": 167, "swapoff": 168,
    "reboot": 169, "sethostname": 170, "setdomainname": 171, "iopl": 172, "ioperm": 173,
    "quotactl": 179, "syslog": 103, "settimeofday": 164, "clock_settime": 227,
    "adjtimex": 159, "clock_adjtime": 305, "personality": 135, "vhangup": 153,
    "lookup_dcookie": 212, "uselib": 134,
    # No program may start from the student's process: the harness never needs to exec.
    "execve": 59, "execveat": 322,
}
SYS_CLONE = 56
SYS_UNSHARE = 272
SYS_CLONE3 = 435

# Classic BPF opcodes.
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_JSET_K = 0x45
_RET_K = 0x06


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("<HBBI", code, jt, jf, k)


def program() -> list[bytes]:
    """The filter, one instruction per item (struct seccomp_data: nr at 0, arch at 4,
    args[0] low word at 16)."""
    eperm = SECCOMP_RET_ERRNO | errno.EPERM
    denied = sorted(DENIED.values())
    out = [
        _insn(_LD_W_ABS, 0, 0, 4),
        _insn(_JEQ_K, 1, 0, AUDIT_ARCH_X86_64),
        _insn(_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS),
        _insn(_LD_W_ABS, 0, 0, 0),
        _insn(_JGE_K, 0, 1, X32_SYSCALL_BIT),
        _insn(_RET_K, 0, 0, eperm),
        _insn(_JEQ_K, 0, 1, SYS_CLONE3),
        _insn(_RET_K, 0, 0, SECCOMP_RET_ERRNO | errno.ENOSYS),
    ]
    # clone / unshare: look at the flags (args[0]); refuse any new namespace.
    out += [
        _insn(_JEQ_K, 1, 0, SYS_CLONE),
        _insn(_JEQ_K, 0, 4, SYS_UNSHARE),
        _insn(_LD_W_ABS, 0, 0, 16),
        _insn(_JSET_K, 0, 1, CLONE_NEW_ANY),
        _insn(_RET_K, 0, 0, eperm),
        _insn(_RET_K, 0, 0, SECCOMP_RET_ALLOW),
    ]
    # The deny list: each a test that jumps to the shared EPERM at the end.
    n = len(denied)
    for index, number in enumerate(denied):
        out.append(_insn(_JEQ_K, n - index, 0, number))
    out.append(_insn(_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    out.append(_insn(_RET_K, 0, 0, eperm))
    return out


def supported() -> bool:
    return platform.machine() == "x86_64"


def install(libc) -> None:
    """Install the filter on this process (needs no_new_privs or CAP_SYS_ADMIN); OSError if
    the kernel refuses."""
    if not supported():
        raise OSError(errno.ENOSYS, f"no seccomp filter for {platform.machine()}")
    code = b"".join(program())
    count = len(code) // 8
    buffer = ctypes.create_string_buffer(code, len(code))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = SockFprog(count, ctypes.addressof(buffer))
    result = libc.prctl(ctypes.c_int(PR_SET_SECCOMP), ctypes.c_ulong(SECCOMP_MODE_FILTER),
                        ctypes.byref(prog), ctypes.c_ulong(0), ctypes.c_ulong(0))
    if result != 0:
        code_ = ctypes.get_errno()
        raise OSError(code_, f"seccomp: {errno.errorcode.get(code_, code_)}")
