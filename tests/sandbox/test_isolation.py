"""The operating-system layers of isolation="full", observed from inside and outside the child.
Each test is skipped where the machine does not offer its layer (grader doctor says which)."""

from __future__ import annotations

import socket
import textwrap
from pathlib import Path

import numpy as np
import pytest

from grader import content
from grader.cli import main as cli_main
from grader.grading.calls import Call, Case, Limits
from grader.grading.sandbox import available_layers, run_calls, runner, zygote

FAST = Limits(timeout_s=3, cpu_s=3, memory_bytes=1 << 30)
ACTIVE = {layer.name for layer in available_layers() if layer.active}


def needs(*names: str):
    missing = [n for n in names if n not in ACTIVE]
    return pytest.mark.skipif(bool(missing), reason=f"layer unavailable here: {missing}")


def call(source: str, *cases: Case, limits: Limits = FAST, function: str = "f",
         guard: bool = True):
    """One Call in isolation="full"; guard=False leaves out the audit hook, to watch the OS
    layers on their own (the hook would refuse first)."""
    the_call = Call(function, cases or (Case(),))
    if not guard:
        server = zygote.get(runner.child_env("/tmp"), runner.protected_paths())
        server.wait_ready()
        return runner.run_full(textwrap.dedent(source), "student.py", the_call, {}, limits,
                               server, guard=False)
    (outcome,) = run_calls(textwrap.dedent(source), "student.py", [the_call], limits=limits)
    return outcome


def test_available_layers_name_every_layer_with_a_reason():
    layers = available_layers()
    names = [layer.name for layer in layers]
    for expected in ("rlimits", "audit_hook", "pid_namespace", "network_namespace",
                     "mount_namespace", "seccomp", "unprivileged_uid", "fork_server"):
        assert expected in names
    assert all(layer.detail for layer in layers)


def test_doctor_prints_the_layers_and_exits_zero(capsys):
    assert cli_main(["doctor"]) == 0
    printed = capsys.readouterr().out
    for layer in available_layers():
        assert layer.name in printed


@needs("pid_namespace", "unprivileged_uid")
def test_the_child_is_pid_one_of_its_own_namespace_and_not_root():
    out = call("import os\ndef f():\n    return os.getpid(), os.getuid(), os.getgid(), sorted(p for p in os.listdir('/proc') if p.isdigit())\n")
    pid, uid, gid, pids = out.cases[0].value
    assert pid == 1 and uid != 0 and gid != 0 and pids == ["1"]


@needs("network_namespace")
def test_without_the_hook_a_connection_still_goes_nowhere():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    try:
        out = call("""
            import socket
            def f(port):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5)
                    return "connected"
                except OSError as error:
                    return type(error).__name__
            """, Case((listener.getsockname()[1],)), guard=False)
        assert out.status == "ok" and out.cases[0].value in ("OSError", "ConnectionRefusedError")
        with pytest.raises(BlockingIOError):
            listener.accept()
    finally:
        listener.close()


@needs("seccomp")
def test_without_the_hook_programs_still_do_not_run():
    out = call("""
        import os
        def f():
            pid = os.fork()
            if pid == 0:
                try:
                    os.execv("/bin/true", ["true"])
                except OSError as error:
                    os._exit(100 + (error.errno or 0))
            return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        """, guard=False)
    assert out.cases[0].value == 100 + 1  # EPERM


@needs("network_namespace")
def test_the_only_network_interface_is_a_loopback_that_is_down():
    out = call("def f():\n    return open('/proc/self/net/dev').read()\n")
    text = out.cases[0].value
    interfaces = [line.split(":")[0].strip() for line in text.splitlines()[2:]]
    assert interfaces == ["lo"]
    out = call("def f():\n    return open('/sys/class/net/lo/operstate').read()\n")
    assert not out.cases[0].ok  # not even /sys is there to look at


@needs("mount_namespace", "unprivileged_uid")
def test_no_writes_outside_scratch(tmp_path: Path):
    target = tmp_path / "escaped.txt"
    out = call("""
        import os
        def f(paths):
            results = {}
            paths = [p.replace("$TMPDIR", os.environ["TMPDIR"]) for p in paths]
            for path in paths:
                try:
                    with open(path, "w") as handle:
                        handle.write("x")
                    results[path] = "written"
                except OSError as error:
                    results[path] = type(error).__name__
            return results, os.getcwd(), os.environ["HOME"], os.environ["TMPDIR"]
        """, Case(([str(target), "/usr/escaped", "/escaped", "/work/escaped", "$TMPDIR/mine.txt",
                    "mine2.txt"],)), guard=False)
    results, cwd, home, tmpdir = out.cases[0].value
    # Scratch is a tmpfs on /tmp, or on /scratch when the interpreter itself lives under /tmp.
    assert tmpdir in ("/tmp", "/scratch")
    assert results.pop(f"{tmpdir}/mine.txt") == "written" and results.pop("mine2.txt") == "written"
    assert "written" not in results.values()
    assert cwd == home == tmpdir
    assert not target.exists()


@needs("mount_namespace")
def test_scratch_is_private_to_each_call():
    source = """
        import os
        def write():
            open(os.environ["TMPDIR"] + "/marker", "w").write("secret")
            return sorted(os.listdir(os.environ["TMPDIR"]))
        def look():
            return sorted(os.listdir(os.environ["TMPDIR"]))
        """
    first, second = run_calls(textwrap.dedent(source), "student.py",
                              [Call("write", (Case(),)), Call("look", (Case(),))], limits=FAST)
    assert first.cases[0].value == ["marker"] and second.cases[0].value == []


@needs("mount_namespace")
def test_other_files_and_the_grader_are_not_there(tmp_path: Path):
    other = tmp_path / "other_student.py"
    other.write_text("def forward_propagation(): pass\n")
    import grader

    package = str(Path(grader.__file__).parent)
    out = call("import os\ndef f(paths):\n    return [os.path.exists(p) for p in paths]\n",
               Case(([str(other), package, str(content.exercises_dir()), "/root", "/etc/passwd",
                      "/usr/bin"],)), guard=False)
    assert out.cases[0].value == [False, False, False, True, False, True]
    # Every protected folder (an editable install leaves a copy of the package in
    # site-packages, inside the interpreter folders we keep) shows nothing of its contents.
    from grader.grading.sandbox.runner import protected_paths

    inside = [str(Path(p) / name) for p in protected_paths() for name in ("__init__.py", "_builtin", "engine")]
    out = call("import os\ndef f(paths):\n    return [p for p in paths if os.path.exists(p)]\n",
               Case((inside,)), guard=False)
    assert out.cases[0].value == []
    out = call("def f(path):\n    return open(path).read()\n", Case((str(other),)), guard=False)
    assert out.cases[0].error.type == "FileNotFoundError"
    # /root exists only as the path to the interpreter; nothing else of it is there.
    out = call("import os\ndef f():\n    return sorted(os.listdir('/root'))\n", guard=False)
    assert out.cases[0].value == [".pyenv"] or out.cases[0].value == []


@needs("unprivileged_uid", "pid_namespace")
def test_a_fork_bomb_stops_at_the_process_limit_and_leaves_nothing():
    out = call("""
        import os, time
        def f():
            made = 0
            while made < 1000:
                try:
                    pid = os.fork()
                except OSError:
                    break
                if pid == 0:
                    time.sleep(60)
                    os._exit(0)
                made += 1
            return made
        """, limits=Limits(timeout_s=5, cpu_s=5, processes=16))
    assert out.status == "ok" and out.cases[0].value < 16


@needs("mount_namespace")
def test_the_student_module_can_still_import_numpy_and_the_stdlib():
    out = call("""
        import numpy as np, json, fractions, decimal, statistics
        from numpy.linalg import norm
        def f():
            return float(norm(np.ones(4))), json.dumps([1]), float(statistics.mean([1, 2]))
        """)
    assert out.cases[0].value == (2.0, "[1]", 1.5)
