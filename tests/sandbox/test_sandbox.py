"""The sandbox's mechanisms, driven with small hostile student sources, in every isolation mode
that runs a child."""

from __future__ import annotations

import atexit
import os
import socket
import textwrap
import time

import numpy as np
import pytest

from grader.grading.calls import Call, Case, Limits
from grader.grading.sandbox import run_calls, runner, zygote

FAST = Limits(timeout_s=1.5, cpu_s=3, memory_bytes=1 << 30, output_bytes=4096)
# "fork" is "full" on a machine without namespaces: the fork server with its OS layers off.
MODES = ["plain", "full", "fork"]
_bare: list = []


def _bare_server():
    if not _bare:
        server = zygote.ForkServer(runner.child_env("/tmp"), runner.protected_paths(),
                                   namespaces=False)
        server.wait_ready()
        atexit.register(server.close)
        _bare.append(server)
    return _bare[0]


def run(source: str, *calls: Call, mode: str = "full", limits: Limits = FAST, **kw):
    source = textwrap.dedent(source)
    if mode == "fork":
        server = _bare_server()
        return [runner.run_full(source, "student.py", c, kw.get("modules", {}), limits, server)
                for c in calls]
    return run_calls(source, "student.py", calls, limits=limits, isolation=mode, **kw)


def one(source: str, function: str = "f", *cases: Case, **kw):
    (outcome,) = run(source, Call(function, cases or (Case(),)), **kw)
    return outcome


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture(params=MODES)
def mode(request):
    return request.param


# ------------------------------------------------------------------------------ normal calls


def test_normal_call_returns_plain_values_and_prints(mode):
    out = one("""
        import numpy as np
        print("loaded")
        def layer_sizes(X, Y):
            print("called")
            return (X.shape[0], 4, Y.shape[0])
        """, "layer_sizes", Case((np.zeros((5, 3)), np.zeros((2, 3)))), mode=mode)
    assert out.status == "ok"
    assert out.cases[0].ok and out.cases[0].value == (5, 4, 2)
    assert out.stdout == "loaded\ncalled\n"


def test_exception_keeps_only_the_students_frames_and_next_case_runs(mode):
    out = one("""
        import numpy as np
        def f(n):
            return helper(n)
        def helper(n):
            return np.dot(np.ones((2, 3)), np.ones((n, 2)))
        """, "f", Case((2,)), Case((3,)), mode=mode)
    bad, good = out.cases
    assert not bad.ok and bad.error.type == "ValueError"
    assert [(f.line, f.function) for f in bad.error.frames] == [(4, "f"), (6, "helper")]
    assert bad.error.frames[-1].text == "return np.dot(np.ones((2, 3)), np.ones((n, 2)))"
    assert good.ok and good.value.shape == (2, 2)


def test_missing_function(mode):
    out = one("def g():\n    return 1\nf = 3\n", "f", mode=mode)
    assert out.status == "missing" and "'f'" in out.detail


def test_load_error_reports_the_students_frames(mode):
    out = one("x = 1\ndef f():\n    return 1\ny = 1 / 0\n", mode=mode)
    assert out.status == "load_error"
    assert out.error.type == "ZeroDivisionError"
    assert [(f.line, f.text) for f in out.error.frames] == [(4, "y = 1 / 0")]


def test_syntax_error_is_a_load_error(mode):
    out = one("x = 1\ndef f(:\n    pass\n", mode=mode)
    assert out.status == "load_error" and out.error.type == "SyntaxError"
    assert [(f.line, f.text) for f in out.error.frames] == [(2, "def f(:")]


@pytest.mark.parametrize("expression", ["+".join(["1"] * 100_000), "-" * 100_000 + "1"])
def test_source_too_deep_to_compile_is_a_load_error(mode, expression):
    out = one(f"def f():\n    return {expression}\n", mode=mode)
    assert out.status == "load_error" and out.error.type in ("RecursionError", "MemoryError")


def test_base_exceptions_are_errors_of_their_case(mode):
    out = one("""
        import sys
        def f(kind):
            if kind == 0:
                raise KeyboardInterrupt
            if kind == 1:
                sys.exit(3)
            raise BaseException("odd")
        """, "f", Case((0,)), Case((1,)), Case((2,)), mode=mode)
    assert out.status == "ok"
    assert [c.error.type for c in out.cases] == ["KeyboardInterrupt", "SystemExit", "BaseException"]


def test_stand_ins_are_bound_for_their_call_only(mode):
    source = """
        def helper(x):
            return "student"
        def f(x):
            return helper(x)
        """
    with_stand_in = Call("f", (Case((1,)),), stand_ins={"helper": "def helper(x):\n    return np.float64(x) * 2\n"})
    without = Call("f", (Case((1,)),))
    first, second = run(source, with_stand_in, without, mode=mode)
    assert type(first.cases[0].value) is np.float64 and first.cases[0].value == 2.0
    assert second.cases[0].value == "student"


def test_return_args_sends_back_mutated_arguments(mode):
    out = one("""
        def f(params, n):
            params["W1"] -= 1
            return None
        """, "f", Case(({"W1": np.ones((2, 2))}, 3), return_args=True), mode=mode)
    (params, n) = out.cases[0].args_after
    assert np.array_equal(params["W1"], np.zeros((2, 2))) and n == 3


def test_seed_and_determinism(mode):
    source = "import numpy as np\ndef f():\n    return np.random.randn(3), {'b', 'a', 'c'}.pop()\n"
    call = Call("f", (Case(), Case()), seed=3)
    first = run(source, call, mode=mode)[0]
    second = run(source, call, mode=mode)[0]
    np.random.seed(3)
    expected = np.random.randn(3)
    for outcome in (first, second):
        for case in outcome.cases:
            assert np.array_equal(case.value[0], expected)
    assert first.cases[0].value[1] == second.cases[0].value[1]


def test_course_modules_are_importable(mode):
    out = one("from planar_utils import sigmoid\ndef f(x):\n    return sigmoid(x)\n", "f", Case((0.0,)),
              modules={"planar_utils": "def sigmoid(x):\n    return 0.5 + 0 * x\n"}, mode=mode)
    assert out.cases[0].value == 0.5


def test_course_packages_with_submodules_are_importable(mode):
    shims = {"matplotlib": "", "matplotlib.pyplot": "def plot(*a):\n    return 'plotted'\n"}
    out = one("import matplotlib.pyplot as plt\ndef f():\n    return plt.plot(1)\n",
              modules=shims, mode=mode)
    assert out.cases[0].value == "plotted"


def test_unsupported_return_value(mode):
    out = one("def f():\n    return object()\n", mode=mode)
    assert out.cases[0].ok and out.cases[0].value.type_name == "object"


# ------------------------------------------------------------------------------ ending badly


@pytest.mark.parametrize("where", ["import", "function"])
def test_os_exit_is_a_crash_not_a_grader_failure(mode, where):
    body = "os._exit(0)"
    source = f"import os\n{body if where == 'import' else ''}\ndef f():\n    {body}\n"
    out = one(source, mode=mode)
    assert out.status == "crashed" and "exited with status 0" in out.detail


def test_sys_exit_at_import_is_a_load_error(mode):
    out = one("import sys\nsys.exit(0)\ndef f():\n    return 1\n", mode=mode)
    assert out.status == "load_error" and out.error.type == "SystemExit"


def test_one_crashing_call_does_not_lose_the_others(mode):
    source = "import os\ndef f():\n    os._exit(1)\ndef g():\n    return 2\n"
    crashed, fine = run(source, Call("f", (Case(),)), Call("g", (Case(),)), mode=mode)
    assert crashed.status == "crashed" and fine.cases[0].value == 2


def test_garbage_on_every_low_descriptor_is_never_success(mode):
    out = one("""
        import os
        for fd in range(64):
            try:
                os.write(fd, b"\\x93GSB" + b"\\xff" * 40)
            except OSError:
                pass
        def f():
            return 1
        """, mode=mode)
    assert out.status in ("ok", "crashed")
    if out.status == "ok":
        assert out.cases[0].value == 1


def test_garbage_on_the_answer_pipe_is_a_crash(mode):
    out = one("""
        import os
        def f():
            for fd in range(64, 1024):
                try:
                    os.write(fd, b"\\x93GSB" + b"\\x00" * 8 + b"junk")
                except OSError:
                    pass
            return 1
        """, mode=mode)
    assert out.status == "crashed" and "malformed" in out.detail


def test_a_forged_answer_without_the_token_is_a_crash(mode):
    out = one("""
        import os, struct
        def f():
            payload = (b"D" + struct.pack("<I", 2)
                       + struct.pack("<I", 6) + b"status" + b"s" + struct.pack("<I", 2) + b"ok"
                       + struct.pack("<I", 5) + b"cases" + b"L" + struct.pack("<I", 1)
                       + b"D" + struct.pack("<I", 2) + struct.pack("<I", 2) + b"ok" + b"T"
                       + struct.pack("<I", 5) + b"value" + b"i" + struct.pack("<I", 1) + b"\\x07")
            message = b"\\x93GSB" + struct.pack("<Q", len(payload)) + payload
            for fd in range(64, 1024):
                try:
                    os.write(fd, message)
                except OSError:
                    pass
            os._exit(0)
        """, mode=mode)
    assert out.status == "crashed"


# ------------------------------------------------------------------------------ limits


def test_timeout_kills_the_whole_tree(mode):
    source = """
        import os, signal, sys, threading, time
        def spin():
            while True:
                pass
        def f():
            pids = []
            pid = os.fork()
            if pid == 0:                       # ignores SIGTERM, sleeps forever
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                while True:
                    time.sleep(1)
            pids.append(pid)
            r, w = os.pipe()
            if os.fork() == 0:                 # double fork into a new session
                os.setsid()
                grandchild = os.fork()
                if grandchild == 0:
                    os.close(1); os.close(2)
                    while True:
                        time.sleep(1)
                os.write(w, str(grandchild).encode())
                os._exit(0)
            pids.append(int(os.read(r, 32)))
            threading.Thread(target=spin, daemon=True).start()
            print("PIDS", *pids, flush=True)
            spin()
        """
    start = time.monotonic()
    out = one(source, mode=mode)
    elapsed = time.monotonic() - start
    assert out.status == "timeout"
    assert elapsed < FAST.timeout_s + 1.0
    pids = [int(p) for p in out.stdout.split("PIDS", 1)[1].split()]
    assert len(pids) == 2
    if mode in ("plain", "fork"):
        # Orphans reach the fork server (their subreaper), which kills them on its next round.
        deadline = time.monotonic() + (0.1 if mode == "plain" else 1.5)
        while any(alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not any(alive(p) for p in pids)
    else:
        # Inside a PID namespace those pids are not the host's; instead, nothing may be left
        # under the fork server (every call process descends from it). The supervisor that
        # reported the end takes a moment to exit itself.
        deadline = time.monotonic() + 1.0
        while _fork_server_descendants() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _fork_server_descendants() == set()


def _fork_server_descendants() -> set[int]:
    from grader.grading.sandbox import zygote

    root = zygote._server.process.pid
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit() and alive(int(name)):
            try:
                with open(f"/proc/{name}/stat") as handle:
                    parents[int(name)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                pass
    found, changed = set(), True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if (ppid == root or ppid in found) and pid not in found:
                found.add(pid)
                changed = True
    return found


def test_cpu_limit_is_a_timeout(mode):
    limits = Limits(timeout_s=20, cpu_s=1, memory_bytes=1 << 30)
    start = time.monotonic()
    out = one("def f():\n    while True:\n        pass\n", mode=mode, limits=limits)
    assert out.status == "timeout" and "CPU" in out.detail
    assert time.monotonic() - start < 15  # one CPU second, however busy the machine


def test_memory_cap_is_reported_as_memory(mode):
    limits = Limits(timeout_s=5, cpu_s=5, memory_bytes=600 << 20)
    out = one("import numpy as np\ndef f():\n    return np.ones(1 << 30).sum()\n", mode=mode,
              limits=limits)
    assert out.status == "memory"


def test_memory_cap_at_load_is_reported_as_memory(mode):
    limits = Limits(timeout_s=5, cpu_s=5, memory_bytes=600 << 20)
    out = one("import numpy as np\nbig = np.ones(1 << 30)\ndef f():\n    return 1\n", mode=mode,
              limits=limits)
    assert out.status == "memory"


def test_output_is_capped_and_marked(mode):
    start = time.monotonic()
    out = one("""
        import sys
        def f():
            block = "x" * (1 << 20)
            for _ in range(300):
                sys.stdout.write(block)
            sys.stderr.write("e" * 10000)
            return 1
        """, mode=mode, limits=Limits(timeout_s=10, cpu_s=10, output_bytes=1000))
    assert out.status == "ok" and out.cases[0].value == 1
    assert out.stdout.startswith("x" * 1000) and out.stdout.endswith("[... truncated 314571800 bytes]")
    assert out.stderr.endswith("[... truncated 9000 bytes]")
    assert time.monotonic() - start < 8


def test_result_larger_than_the_cap_is_output_limit(mode):
    out = one("import numpy as np\ndef f():\n    return np.zeros(100_000)\n", mode=mode,
              limits=Limits(timeout_s=5, result_bytes=10_000))
    assert out.status == "output_limit"


# ------------------------------------------------------------------------------ guard


def test_importing_the_grader_is_forbidden(mode):
    out = one("def f():\n    import grader.engine.shallow_net as ref\n    return 1\n", mode=mode)
    assert out.status == "forbidden" and "grader" in out.detail
    assert not out.cases


def test_importing_the_grader_at_load_is_forbidden_even_if_caught(mode):
    out = one("try:\n    import grader\nexcept BaseException:\n    pass\ndef f():\n    return 1\n",
              mode=mode)
    assert out.status == "forbidden"


def test_reading_the_grader_files_is_forbidden(mode):
    import grader.engine

    path = grader.engine.__file__
    out = one("def f(p):\n    return open(p).read()\n", "f", Case((path,)), mode=mode)
    assert out.status == "forbidden"


def test_running_programs_is_forbidden(mode):
    out = one("import subprocess\ndef f():\n    return subprocess.run(['true']).returncode\n", mode=mode)
    assert out.status == "forbidden"


def test_no_network(mode):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    try:
        out = one("""
            import socket
            def f(port):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).send(b"hi")
                    return "connected"
                except OSError as error:
                    return type(error).__name__
            """, "f", Case((port,)), mode=mode)
        assert out.status == "forbidden" or (out.status == "ok" and out.cases[0].value != "connected")
        with pytest.raises(BlockingIOError):
            listener.accept()
    finally:
        listener.close()


@pytest.mark.parametrize("body", [
    "open(path, 'w').write('x')",                                   # beside the submission
    "os.remove(path)",
    "os.rename(path, path + '.bak')",
    "os.mkdir(path + '.d')",
    "os.open(os.path.dirname(path), os.O_RDONLY)",                  # a folder descriptor
    "os.open('/', os.O_RDONLY | getattr(os, 'O_PATH', 0))",
    "os.symlink('/', 'root_link')",
    "open('../../escape.txt', 'w')",
    "open(f'/proc/{os.getppid() or 2}/environ').read()",            # another process
    "os.kill(os.getppid() or 2, 0)",
    "os.kill(-1, 0)",
    "__import__('_posixsubprocess')",
    "import subprocess; subprocess._fork_exec(None)",
])
def test_the_guard_refuses_what_no_exercise_needs(mode, tmp_path, body):
    path = str(tmp_path / "sibling.py")
    open(path, "w").write("secret = 1\n")
    out = one(f"import os, sys\ndef f(path):\n    {body}\n    return 'done'\n", "f", Case((path,)),
              mode=mode)
    if mode == "full" and path.startswith("/tmp/"):
        # There the host's /tmp is not visible: the same path is the child's own scratch, and
        # whatever it does lands in its private tmpfs. The host file must be untouched (below).
        pass
    elif "_fork_exec" in body:  # already imported, then scrubbed: calling it is an error
        assert out.status == "forbidden" or out.cases[0].error.type == "TypeError", out
    else:
        assert out.status == "forbidden", out
    assert open(path).read() == "secret = 1\n" and sorted(os.listdir(tmp_path)) == ["sibling.py"]


def test_the_guard_lets_ordinary_work_in_scratch_through(mode):
    out = one("""
        import os, tempfile
        import numpy as np
        def f():
            np.save("weights.npy", np.arange(3.0))
            with tempfile.NamedTemporaryFile("w", delete=False) as handle:
                handle.write("x")
            os.makedirs("sub/dir", exist_ok=True)
            open("sub/dir/a.txt", "w").write("a")
            with open(os.devnull, "w") as null:
                null.write("nothing")
            return float(np.load("weights.npy").sum()), sorted(os.listdir("sub"))
        """, mode=mode)
    assert out.status == "ok" and out.cases[0].value == (3.0, ["dir"]), out
