"""Parent side of the sandbox: one child per Call, plain data back, verdicts decided here.

The parent never runs student code (except isolation="inprocess", the benchmark floor). It
builds a request, hands it to a child with three pipes (answer, stdout, stderr), reads them under
a deadline and caps, kills whatever the child started, and judges only from what it observed.
"""

from __future__ import annotations

import os
import secrets
import select
import shutil
import signal
import socket
import subprocess
import struct
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Mapping, Sequence

from grader.grading.calls import Call, CallOutcome, Isolation, Layer, Limits, Unsupported
from grader.grading.sandbox import answer as answers
from grader.grading.sandbox import procs, protocol, zygote
from grader.grading.sandbox.collect import Collected, collect

CHILD = Path(__file__).resolve().with_name("child.py")
STATUS = struct.Struct("<cq")   # the fork server's per-call messages (see forkserver.py)
CPU_EXIT = 128 + signal.SIGXCPU  # a PID-1 child's SIGXCPU handler exits with this
_MEMORY_SIGNS = ("MemoryError", "Cannot allocate memory", "std::bad_alloc", "out of memory")


def protected_paths() -> list[str]:
    """Folders the child may never read: the grader package, the built-in content, and any
    other copy of the package on the path (an editable install leaves one in site-packages)."""
    from grader import content

    package = Path(__file__).resolve().parents[2]
    paths = [package, content.exercises_dir(), content.quizzes_dir()]
    for entry in sys.path:
        candidate = Path(entry or ".") / "grader"
        if candidate.is_dir():
            paths.append(candidate.resolve())
    unique: list[str] = []
    for path in map(str, paths):
        if path not in unique:
            unique.append(path)
    return unique


def child_env(scratch: str) -> dict[str, str]:
    """The scrubbed environment: only what Python and NumPy need."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": scratch,
        "TMPDIR": scratch,
        "PYTHONHASHSEED": "0",          # same inputs, same set/dict orders: same outcomes
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",    # one BLAS thread: fits RLIMIT_AS, and deterministic
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


def request_for(source: str, filename: str, call: Call, modules: Mapping[str, str],
                token: str) -> dict:
    return {
        "token": token,
        "source": source,
        "filename": filename,
        "modules": dict(modules),
        "function": call.function,
        "cases": [(tuple(c.args), dict(c.kwargs), bool(c.return_args)) for c in call.cases],
        "stand_ins": dict(call.stand_ins),
        "seed": call.seed,
    }


def limits_dict(limits: Limits, *, nproc: bool) -> dict:
    return {"cpu_s": limits.cpu_s, "memory_bytes": limits.memory_bytes,
            "file_bytes": limits.file_bytes, "processes": limits.processes,
            "result_bytes": limits.result_bytes, "nproc": nproc}


def describe_exit(status: int | None) -> str:
    """Plain words for a wait status given as a Popen returncode (negative = signal)."""
    if status is None:
        return "it did not finish"
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        return f"it was killed by {name}"
    return f"it exited with status {status}"


def verdict(call: Call, got: Collected, exit_status: int | None, limits: Limits,
            seconds: float, token: str) -> CallOutcome:
    """The outcome from what the parent saw: the answer bytes, the exit, the clock."""
    base = {"function": call.function, "stdout": got.stdout, "stderr": got.stderr,
            "seconds": round(seconds, 4)}
    if got.timed_out:
        return CallOutcome(status="timeout", detail=f"the call took longer than {limits.timeout_s:g} s "
                           "and was stopped", **base)
    if got.answer_over_limit:
        return CallOutcome(status="output_limit",
                           detail=f"the result was larger than {limits.result_bytes} bytes", **base)
    if exit_status in (-signal.SIGXCPU, -signal.SIGKILL, CPU_EXIT) and not got.answer:
        return CallOutcome(status="timeout", detail=f"the call used more than {limits.cpu_s} s "
                           "of CPU time and was stopped", **base)
    if not got.answer:
        if any(sign in got.stderr for sign in _MEMORY_SIGNS):
            return CallOutcome(status="memory", detail="the submission ran out of memory", **base)
        return CallOutcome(status="crashed", detail="the submission ended the process before "
                           f"answering ({describe_exit(exit_status)})", **base)
    try:
        decoded = protocol.decode(got.answer, limits.result_bytes, Unsupported)
        fields = answers.parse(decoded, [c.return_args for c in call.cases], token)
    except (protocol.ProtocolError, answers.Malformed) as error:
        return CallOutcome(status="crashed", detail=f"the sandbox received a malformed answer ({error})",
                           **base)
    return CallOutcome(**fields, **base)


# ------------------------------------------------------------------------------------ plain


def _request_file(data: bytes) -> int:
    """A descriptor holding `data`, positioned at 0 (memfd where the platform has it)."""
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("grader-request", 0)
    else:  # pragma: no cover - not Linux
        handle = tempfile.TemporaryFile()
        fd = os.dup(handle.fileno())
        handle.close()
    os.write(fd, data) if len(data) < (1 << 20) else _write_all(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def run_plain(source: str, filename: str, call: Call, modules: Mapping[str, str],
              limits: Limits) -> CallOutcome:
    """One Call in a fresh `python child.py`: rlimits, audit hook, own session, scrubbed env."""
    start = time.monotonic()
    scratch = tempfile.mkdtemp(prefix="grader-call-")
    token = secrets.token_hex(16)
    envelope = {"request": request_for(source, filename, call, modules, token),
                "limits": limits_dict(limits, nproc=False), "protected": protected_paths()}
    request_fd = _request_file(protocol.encode(envelope))
    answer_r, answer_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pidfd = None
    process = None
    try:
        process = subprocess.Popen(
            [sys.executable, "-s", "-P", "-B", str(CHILD), str(request_fd), str(answer_w)],
            stdin=subprocess.DEVNULL, stdout=out_w, stderr=err_w, pass_fds=(request_fd, answer_w),
            close_fds=True, env=child_env(scratch), cwd=scratch, start_new_session=True)
        for fd in (request_fd, answer_w, out_w, err_w):
            os.close(fd)
        request_fd = answer_w = out_w = err_w = -1
        pipes = procs.pipe_ids((answer_r, out_r, err_r))
        try:
            pidfd = os.pidfd_open(process.pid)
        except (AttributeError, OSError):
            pidfd = None
        got = collect(answer_r, out_r, err_r, answer_cap=limits.result_bytes + protocol.HEADER.size,
                      output_cap=limits.output_bytes, deadline=start + limits.timeout_s,
                      done_fd=pidfd)
        procs.kill_tree(process.pid, set() if got.closed else pipes)
        exit_status = process.wait()
        return verdict(call, got, exit_status, limits, time.monotonic() - start, token)
    finally:
        if process is not None and process.returncode is None:
            procs.kill_tree(process.pid)
            process.wait()
        for fd in (request_fd, answer_w, out_w, err_w, answer_r, out_r, err_r, pidfd):
            if fd is not None and fd >= 0:
                os.close(fd)
        shutil.rmtree(scratch, ignore_errors=True)


# ------------------------------------------------------------------------------------ full


def _read_status(sock: socket.socket, deadline: float) -> tuple[bytes, int] | None:
    """One (tag, value) message from a supervisor, or None at EOF or the deadline."""
    data = b""
    while len(data) < STATUS.size:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            return None
        try:
            chunk = sock.recv(STATUS.size - len(data))
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return STATUS.unpack(data)


def run_full(source: str, filename: str, call: Call, modules: Mapping[str, str],
             limits: Limits, server: zygote.ForkServer, *, guard: bool = True) -> CallOutcome:
    """One Call forked from the fork server, inside every layer it has. `guard=False` leaves
    out the audit hook, so tests can watch the OS layers alone; run_calls never does."""
    start = time.monotonic()
    deadline = start + limits.timeout_s
    token = secrets.token_hex(16)
    pid_ns = "pid_namespace" in server.active
    scratch = None if "mount_namespace" in server.active else tempfile.mkdtemp(prefix="grader-call-")
    envelope = {"request": request_for(source, filename, call, modules, token),
                "protected": protected_paths() if guard else None}
    header = {"uid": server.next_uid(), "env": child_env("/tmp"), "scratch": scratch or "",
              "limits": limits_dict(limits, nproc=False)}
    request_fd = _request_file(protocol.encode(envelope))
    answer_r, answer_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    status, status_child = socket.socketpair()
    theirs = [request_fd, answer_w, out_w, err_w, status_child.fileno()]
    pid = None
    exit_status: list[int] = []
    try:
        try:
            server.spawn(header, theirs)
        finally:
            for fd in theirs[:4]:
                os.close(fd)
            status_child.close()
        started = _read_status(status, deadline)
        if started is None or started[0] != b"P":
            raise zygote.ForkServerError("the fork server did not start the call")
        pid = started[1]

        def ended() -> None:
            got = _read_status(status, time.monotonic() + 0.5)
            if got is not None and got[0] == b"X":
                exit_status.append(got[1])

        got = collect(answer_r, out_r, err_r, answer_cap=limits.result_bytes + protocol.HEADER.size,
                      output_cap=limits.output_bytes, deadline=deadline, done_fd=status.fileno(),
                      on_done=ended)
        # PID 1 of its namespace: killing it ends everything the call started. Without the
        # namespace, hunt the tree down instead.
        _kill(pid)
        if not pid_ns:
            # Descendants, session and group now; any orphan that slipped out is reparented to
            # the fork server (its subreaper), which kills every child it did not fork itself.
            procs.kill_tree(pid)
        if not exit_status and not got.complete:  # with a whole answer, how it ended is moot
            got_exit = _read_status(status, time.monotonic() + 2.0)
            if got_exit is not None and got_exit[0] == b"X":
                exit_status.append(got_exit[1])
        code = os.waitstatus_to_exitcode(exit_status[0]) if exit_status else None
        return verdict(call, got, code, limits, time.monotonic() - start, token)
    finally:
        status.close()
        for fd in (answer_r, out_r, err_r):
            os.close(fd)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# ------------------------------------------------------------------------------------ inprocess


def run_inprocess(source: str, filename: str, call: Call, modules: Mapping[str, str],
                  limits: Limits) -> CallOutcome:
    """The benchmark floor: the same request/answer round trip, in THIS process, with no
    isolation at all. Never use it for a real submission."""
    import contextlib
    import io

    from grader.grading.sandbox import inprocess_child

    start = time.monotonic()
    token = secrets.token_hex(16)
    request = protocol.decode(protocol.encode(request_for(source, filename, call, modules, token)))
    request.pop("token")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        reply = inprocess_child.run(request)
    reply["token"] = token
    try:
        data, over = protocol.encode(reply, limits.result_bytes), False
    except protocol.TooLarge:
        data, over = b"", True
    got = Collected(answer=data, answer_over_limit=over,
                    stdout=_cap(out.getvalue(), limits.output_bytes),
                    stderr=_cap(err.getvalue(), limits.output_bytes), timed_out=False, ended=True)
    return verdict(call, got, 0, limits, time.monotonic() - start, token)


def _cap(text: str, cap: int) -> str:
    data = text.encode("utf-8", "replace")
    if len(data) <= cap:
        return text
    kept = data[:cap].decode("utf-8", "replace")
    return kept + f"\n[... truncated {len(data) - cap} bytes]"


def _run_full_once(source: str, filename: str, call: Call, modules: Mapping[str, str],
                   limits: Limits) -> CallOutcome:
    # A fork server that died between calls is replaced once; a second failure is reported.
    for attempt in (1, 2):
        server = zygote.get(child_env("/tmp"), protected_paths())
        try:
            server.wait_ready()
            return run_full(source, filename, call, modules, limits, server)
        except zygote.ForkServerError:
            if attempt == 2:
                break
    # No fork server on this machine: the plain child still has rlimits, the guard and caps.
    return run_plain(source, filename, call, modules, limits)


# What isolation="plain" (and "full" without a fork server) always has.
_PLAIN_LAYERS = [
    Layer("rlimits", True, "CPU, address space, file size, open files, core dumps off"),
    Layer("audit_hook", True, "refuses importing grader, its files, programs, sockets, ctypes"),
    Layer("scrubbed_env", True, "PATH, LANG, HOME/TMPDIR=scratch, one BLAS thread; stdin "
          "/dev/null; only the answer pipe and std streams stay open"),
    Layer("output_caps", True, "stdout/stderr and the answer are capped by the parent"),
    Layer("session_kill", True, "own session; the process group and found descendants are killed"),
]


def available_layers() -> list[Layer]:
    """The layers isolation="full" uses on this machine, active or not, and why."""
    try:
        server = zygote.get(child_env("/tmp"), protected_paths())
        server.wait_ready()
    except zygote.ForkServerError as error:
        return _PLAIN_LAYERS + [Layer("fork_server", False, f"{error}; each Call starts a "
                                      "fresh Python (slower) with the layers above only")]
    return [Layer(str(layer["name"]), bool(layer["active"]), str(layer["detail"]))
            for layer in server.layers]


def warm_up() -> None:
    """Start the fork server now, in the background, so its Python + NumPy start-up overlaps
    the caller's own work; run_calls(isolation="full") then finds it ready."""
    zygote.get(child_env("/tmp"), protected_paths())


def _run_parallel(run_one, calls: Sequence[Call]) -> list[CallOutcome]:
    """Calls side by side, one per core (each is its own child; outcomes keep call order)."""
    workers = min(len(calls), os.cpu_count() or 1, 4)
    if workers <= 1:
        return [run_one(c) for c in calls]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run_one, calls))


def run_calls(source: str, filename: str, calls: Sequence[Call], *,
              modules: Mapping[str, str] = {}, limits: Limits = Limits(),
              isolation: Isolation = "full") -> list[CallOutcome]:
    """Run each Call in its own child (see the package doc); one CallOutcome per Call, in order.
    Student behaviour never raises here: it becomes a status."""
    if isolation == "inprocess":
        return [run_inprocess(source, filename, c, modules, limits) for c in calls]
    if isolation == "plain":
        return [run_plain(source, filename, c, modules, limits) for c in calls]
    if isolation == "full":
        return _run_parallel(lambda c: _run_full_once(source, filename, c, modules, limits), calls)
    raise ValueError(f"unknown isolation {isolation!r}")
