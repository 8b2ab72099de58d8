"""The seccomp filter, installed in a forked process: what it refuses, and that Python, threads,
fork and NumPy still work under it."""

from __future__ import annotations

import ctypes
import errno
import os
import platform

import pytest

from grader.grading.sandbox import layers, seccomp

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64" or not hasattr(os, "fork"),
                                reason="the filter is for Linux x86_64")


def _under_filter(probe) -> str:
    """Run `probe()` in a forked child under the filter; its returned text, or the error."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            layers.prctl(layers.PR_SET_NO_NEW_PRIVS, 1)
            seccomp.install(layers.libc())
            text = probe()
        except BaseException as error:  # noqa: BLE001
            text = f"raised {type(error).__name__}: {error}"
        os.write(write, text.encode()[:4000])
        os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 4096):
        chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return b"".join(chunks).decode()


def _errno_of(call) -> str:
    libc = layers.libc()
    ctypes.set_errno(0)
    result = call(libc)
    return "ok" if result != -1 else errno.errorcode[ctypes.get_errno()]


def test_new_namespaces_mounts_and_kernel_interfaces_are_refused(tmp_path):
    # A folder of our own as the mount target: were the filter to fail, nothing shared changes.
    target = str(tmp_path).encode()

    def probe():
        return ",".join([
            _errno_of(lambda c: c.unshare(ctypes.c_int(0x10000000))),            # CLONE_NEWUSER
            _errno_of(lambda c: c.unshare(ctypes.c_int(0x40000000))),            # CLONE_NEWNET
            _errno_of(lambda c: c.mount(b"none", target, b"tmpfs", ctypes.c_ulong(0), None)),
            _errno_of(lambda c: c.syscall(ctypes.c_long(101), ctypes.c_long(0), 0, 0, 0)),  # ptrace
            _errno_of(lambda c: c.syscall(ctypes.c_long(323), ctypes.c_long(0))),          # userfaultfd
            _errno_of(lambda c: c.syscall(ctypes.c_long(435), None, ctypes.c_long(0))),    # clone3
        ])

    assert _under_filter(probe) == "EPERM,EPERM,EPERM,EPERM,EPERM,ENOSYS"


def test_python_threads_fork_and_numpy_still_work():
    def probe():
        import threading

        import numpy as np

        box = []
        thread = threading.Thread(target=lambda: box.append(float(np.tanh(np.ones((50, 50))).sum())))
        thread.start()
        thread.join()
        pid = os.fork()
        if pid == 0:
            os._exit(7)
        _, status = os.waitpid(pid, 0)
        return f"{box[0]:.3f},{os.waitstatus_to_exitcode(status)}"

    assert _under_filter(probe) == f"{2500 * 0.7615941559557649:.3f},7"
