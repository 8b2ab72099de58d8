"""The fork server (zygote): a trusted process that pays for Python + NumPy once per grading run.

Run by path (`python forkserver.py CONTROL_FD`); it never imports the `grader` package and never
runs student code, so nothing of the grader is in the memory its children inherit. At start it
loads the child harness, then (as root, where the kernel allows) moves itself into a new
network, IPC and UTS namespace and a private mount namespace whose root holds only read-only
system folders and the interpreter: the grader, the exercises and every other file on the host
are simply not there.

Per Call it forks a supervisor ("A") that starts a new PID and mount namespace and forks the
student's process ("B", PID 1 there). B mounts its own /proc and a fresh tmpfs /tmp (its scratch,
gone when the namespace ends), takes its descriptors, drops to an unprivileged uid, sets
rlimits, and runs the harness. When B ends, the kernel kills everything else in its PID
namespace: double forks and setsid cannot escape. A reports B's pid and exit to the parent.

Control messages are protocol messages on a SOCK_SEQPACKET socket; descriptors travel with
SCM_RIGHTS.
"""

from __future__ import annotations

import importlib.util
import os
import select
import signal
import socket
import struct
import sys
import tempfile
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _load_child():
    spec = importlib.util.spec_from_file_location("_grader_sandbox_child", _HERE / "child.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


child = _load_child()           # loads protocol, guard, limits and NumPy
layers = child._load_sibling("layers")
seccomp = child._load_sibling("seccomp")
protocol = child.protocol

STATUS = struct.Struct("<cq")   # (b"P", pid) then (b"X", wait status) on the per-call socket
MAX_CONTROL = 1 << 16
CPU_EXIT = 128 + signal.SIGXCPU  # the exit status that means "CPU limit" (runner.py knows it)


class Setup:
    """Which layers this fork server has, decided once at start."""

    def __init__(self) -> None:
        self.layers: list[dict] = []
        self.pid_ns = False
        self.mount_root = False
        self.uid_drop = False
        self.seccomp = False
        self.scratch_dir = "/tmp"

    def note(self, name: str, active: bool, detail: str) -> None:
        self.layers.append({"name": name, "active": active, "detail": detail})


def _probe(trial) -> str | None:
    """Run `trial()` in a forked child (so nothing it changes sticks here): None if it
    returned "ok", else what went wrong."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.write(write, trial().encode()[:200])
        except BaseException as error:  # noqa: BLE001 - report, whatever it was
            os.write(write, str(error).encode()[:200])
        os._exit(0)
    os.close(write)
    answer = os.read(read, 512).decode(errors="replace")
    os.close(read)
    os.waitpid(pid, 0)
    return None if answer == "ok" else answer


def _probe_pid_namespace() -> str | None:
    """None if a forked child can start a PID + mount namespace here, else why not."""
    def trial():
        layers.unshare(layers.CLONE_NEWPID | layers.CLONE_NEWNS)
        return "ok"
    return _probe(trial)


def _probe_seccomp() -> str | None:
    """None if a forked child can install the filter and it refuses a new namespace."""
    def trial():
        layers.prctl(layers.PR_SET_NO_NEW_PRIVS, 1)
        seccomp.install(layers.libc())
        try:
            layers.unshare(layers.CLONE_NEWUTS)
        except OSError:
            return "ok"
        return "unshare was allowed"
    return _probe(trial)


def set_up(config: dict) -> Setup:
    setup = Setup()
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    linux = sys.platform.startswith("linux")
    setup.note("rlimits", True, "CPU, address space, file size, open files, core dumps off; "
               "processes per uid once the uid is the call's own")
    setup.note("audit_hook", True, "refuses importing grader, its files, programs, sockets, ctypes")
    setup.note("scrubbed_env", True, "PATH, LANG, HOME/TMPDIR=scratch, one BLAS thread; "
               "stdin /dev/null; only the answer pipe and std streams stay open")
    setup.note("output_caps", True, "stdout/stderr and the answer are capped by the parent")
    setup.note("fork_server", True, "NumPy is imported once; each Call is a fork")
    if not linux:
        for name in ("pid_namespace", "network_namespace", "mount_namespace", "seccomp",
                     "unprivileged_uid"):
            setup.note(name, False, f"not available on {sys.platform}")
        setup.note("session_kill", True, "own session; the process group and found descendants are killed")
        return setup
    try:
        layers.prctl(layers.PR_SET_CHILD_SUBREAPER, 1)
    except OSError:
        pass
    if not config.get("namespaces", True):
        reason = "switched off for this run"
        for name in ("pid_namespace", "network_namespace", "mount_namespace", "seccomp",
                     "unprivileged_uid"):
            setup.note(name, False, reason)
        setup.note("session_kill", True, "own session; the process group and found descendants are killed")
        return setup

    why = _probe_pid_namespace() if is_root else "needs root"
    setup.pid_ns = why is None
    setup.note("pid_namespace", setup.pid_ns,
               "each Call is PID 1 of its own namespace: when it ends, all it started dies"
               if setup.pid_ns else f"unavailable ({why}); killing by session, group and /proc scan")
    setup.note("session_kill", True, "own session; the process group and found descendants are killed")

    try:
        if not is_root:
            raise OSError("needs root")
        layers.unshare(layers.CLONE_NEWNET)
        setup.note("network_namespace", True, "an empty network namespace: no interfaces up, "
                   "not even loopback")
    except OSError as error:
        setup.note("network_namespace", False, f"unavailable ({error})")
    try:
        if is_root:
            layers.unshare(layers.CLONE_NEWIPC | layers.CLONE_NEWUTS)
    except OSError:
        pass

    try:
        if not is_root:
            raise OSError("needs root")
        layers.unshare(layers.CLONE_NEWNS)
        layers.mount("none", "/", None, layers.MS_REC | layers.MS_PRIVATE)
        keep = layers.python_paths()
        new_root = layers.free_mount_point(keep)
        layers.build_root(new_root, keep, list(config.get("protected", [])))
        layers.enter_root(new_root)
        setup.scratch_dir = layers.scratch_mount_point(keep)
        setup.mount_root = True
        setup.note("mount_namespace", True, "a read-only root with only system folders and the "
                   f"interpreter ({', '.join(keep)}); the grader, exercises and other files are "
                   f"absent; each Call writes only to its own tmpfs {setup.scratch_dir}")
    except OSError as error:
        setup.note("mount_namespace", False, f"unavailable ({error}); the audit hook still "
                   "refuses the grader's files")

    why = _probe_seccomp() if seccomp.supported() else f"no filter for {os.uname().machine}"
    setup.seccomp = why is None
    setup.note("seccomp", setup.seccomp,
               "a syscall filter refuses new namespaces, mount, ptrace, bpf, userfaultfd, "
               "io_uring, perf, keyrings, module loading and the like"
               if setup.seccomp else f"unavailable ({why})")
    setup.uid_drop = is_root
    setup.note("unprivileged_uid", is_root,
               "each Call runs as its own uid with no capabilities and no_new_privs"
               if is_root else "not root: the child keeps this user's uid")
    return setup


# ------------------------------------------------------------------------------ per call


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _student(setup: Setup, header: dict, fds: list[int]) -> None:
    """Process B: take the descriptors, build the cell, drop privileges, run the harness."""
    request_fd, answer_w, out_w, err_w = fds[:4]
    uid = int(header["uid"])
    limits = dict(header["limits"])
    scratch = None
    if setup.pid_ns:
        layers.mount("proc", "/proc", "proc", layers.MS_NOSUID | layers.MS_NODEV | layers.MS_NOEXEC)
    if setup.mount_root:
        owner = f",uid={uid},gid={uid}" if setup.uid_drop else ""
        size = max(int(limits["file_bytes"]) * 4, 1 << 20)
        scratch = setup.scratch_dir
        layers.mount("tmpfs", scratch, "tmpfs", layers.MS_NOSUID | layers.MS_NODEV,
                     f"size={size},mode=0700,nr_inodes=4096{owner}")
    else:
        scratch = header["scratch"]
        if setup.uid_drop:
            os.chown(scratch, uid, uid)
    envelope = protocol.decode(_read_all(request_fd))
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(answer_w, child.RESULT_FD, inheritable=False)
    os.closerange(3, child.RESULT_FD)
    os.closerange(child.RESULT_FD + 1, 1 << 20)
    os.environ.clear()
    os.environ.update(header["env"])
    os.environ["HOME"] = os.environ["TMPDIR"] = scratch
    tempfile.tempdir = None
    os.chdir(scratch)
    if setup.uid_drop:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
        limits["nproc"] = True
    try:
        # After the uid change, which clears it: if the supervisor dies, so do we.
        layers.prctl(layers.PR_SET_PDEATHSIG, signal.SIGKILL)
        layers.prctl(layers.PR_SET_NO_NEW_PRIVS, 1)
    except OSError:
        pass
    if setup.seccomp:
        seccomp.install(layers.libc())
    if setup.pid_ns:
        # PID 1 of a namespace ignores signals it has no handler for, SIGXCPU included; the
        # hard limit's SIGKILL still lands, this makes the soft limit land too.
        signal.signal(signal.SIGXCPU, lambda *_: os._exit(CPU_EXIT))
    child.limits.apply(limits)
    child.serve(envelope["request"], child.RESULT_FD, envelope["protected"],
                int(limits["result_bytes"]))


def _supervise(setup: Setup, header: dict, fds: list[int]) -> None:
    """Process A: a new PID namespace for B, then report B's pid and its end."""
    status = fds[4]
    try:
        os.setsid()
        if setup.pid_ns:
            layers.unshare(layers.CLONE_NEWPID | layers.CLONE_NEWNS)
        pid = os.fork()
        if pid == 0:
            os.close(status)
            try:
                _student(setup, header, fds)
            finally:
                os._exit(70)  # serve() never returns; reaching here means setup failed
        for fd in fds[:4]:
            os.close(fd)
        os.write(status, STATUS.pack(b"P", pid))
        _, wait_status = os.waitpid(pid, 0)
        os.write(status, STATUS.pack(b"X", wait_status))
    finally:
        os._exit(0)


def serve_forever(sock: socket.socket, setup: Setup) -> None:
    supervisors: set[int] = set()
    while True:
        ready, _, _ = select.select([sock], [], [], 0.5)
        _reap(supervisors, setup)
        if not ready:
            continue
        try:
            message, fds, _, _ = socket.recv_fds(sock, MAX_CONTROL, 8)
        except OSError:
            message, fds = b"", []
        if not message:
            break
        try:
            header = protocol.decode(message)
            if len(fds) != 5:
                raise ValueError("wrong descriptor count")
        except Exception:
            for fd in fds:
                os.close(fd)
            continue
        pid = os.fork()
        if pid == 0:
            sock.close()
            _supervise(setup, header, fds)
        supervisors.add(pid)
        for fd in fds:
            os.close(fd)
    # The parent is gone: end every call still running.
    for pid in supervisors:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass


def _reap(supervisors: set[int], setup: Setup) -> None:
    """Reap finished supervisors; kill anything else that ended up our child (an orphan that
    escaped a call without a PID namespace: we are its subreaper)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            break
        supervisors.discard(pid)
    if setup.pid_ns:
        return
    for pid in _children() - supervisors:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _children() -> set[int]:
    """Our direct children (the kernel's list; a /proc scan where it has none)."""
    me = os.getpid()
    try:
        with open(f"/proc/{me}/task/{me}/children", "rb") as handle:
            return {int(pid) for pid in handle.read().split()}
    except OSError:
        pass
    found = set()
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:
            found.add(int(name))
    return found


def main(argv: list[str]) -> None:
    sock = socket.socket(fileno=int(argv[1]))
    config = protocol.decode(sock.recv(MAX_CONTROL))
    try:
        setup = set_up(config)
        # Once here rather than in every child: the fork server never runs a program, and its
        # children then start without the module the guard would scrub (saves ms per Call).
        child.guard._scrub_program_runners()
        sock.send(protocol.encode({"layers": setup.layers}))
    except Exception as error:  # say why, plainly, and stop
        sock.send(protocol.encode({"error": f"{type(error).__name__}: {error}"}))
        return
    serve_forever(sock, setup)


if __name__ == "__main__":
    main(sys.argv)
