"""The hostile harness (loaded by path, see conftest.py): run `grader grade`, watch the host.

Every run gets its own folder (the submissions copied in, placeholders filled), its own $HOME and
$TMPDIR, a loopback listener, and a per-run token that names anything an attack leaves behind.
This pytest process makes itself a child subreaper, so any process the grader's children orphan
(a double-forked daemon, a setsid'd sleeper) becomes our child, where we can see and end it.
"""

from __future__ import annotations

import ctypes
import hashlib
import importlib.util
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
SUBMISSIONS = HERE / "submissions"
REPO = HERE.parents[1]
TABLE = yaml.safe_load((HERE / "attacks.yaml").read_text(encoding="utf-8"))
PLANAR = tuple(TABLE["functions"])
FUNCTIONS = {"planar": PLANAR, "activations": tuple(TABLE["activations_functions"])}
ATTACKS = {attack["name"]: attack for attack in TABLE["attacks"]}
WITHOUT_OS_LAYERS = tuple(TABLE.get("without_os_layers", ()))
VERDICTS = ("pass", "wrong_value", "wrong_shape", "wrong_type", "error", "timeout", "memory",
            "missing", "forbidden", "blocked")

# The per-call time limit the suite grades with (see grade_command), and what a run may take on
# top of an honest run's time and its legitimate timeouts.
CALL_TIMEOUT_S = float(os.environ.get("HOSTILE_CALL_TIMEOUT_S", "2"))
MARGIN_S = 3.0
# Past this the harness stops waiting: the grader itself hung.
HARD_TIMEOUT_S = 120.0
MAX_REPORT_BYTES = 1 << 20
SECRET_VAR = "HOSTILE_GRADER_SECRET"

_PR_SET_CHILD_SUBREAPER = 36
_BUILT: dict[str, bytes] = {}


def all_submissions() -> dict[str, bytes]:
    """Every submission's bytes, from the generator (the big ones are not in submissions/)."""
    if not _BUILT:
        spec = importlib.util.spec_from_file_location("hostile_make_submissions",
                                                      HERE / "make_submissions.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _BUILT.update(module.build())
    return _BUILT


def _subreaper(on: bool) -> bool:
    """Be (or stop being) the child subreaper: only while a hostile run is watched, so the
    rest of a pytest session (tmux servers and other daemons) keeps its usual parents."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


# ------------------------------------------------------------------------------ the command


# The real command with the fork server's OS layers (PID, mount and network namespaces, uid
# drop) switched off, through the fork server's own option: what "full" is on a machine that
# cannot make namespaces (not root, or a container without CAP_SYS_ADMIN). Only the portable
# layers remain: rlimits, the audit hook, the scrubbed environment, session kill, output caps.
_NO_OS_LAYERS = """
import sys
from grader.grading.sandbox import zygote
zygote.ForkServer.__init__.__defaults__ = (False,)
from grader.cli import main
sys.exit(main(sys.argv[1:]))
"""
MODES = ("full", "no_os_layers")


def grader_command(mode: str = "full") -> list[str]:
    if mode == "no_os_layers":
        return [sys.executable, "-c", _NO_OS_LAYERS, "grade"]
    return [sys.executable, "-m", "grader", "grade"]


def _grade_help() -> str:
    try:
        return subprocess.run(grader_command() + ["--help"], capture_output=True, text=True,
                              timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


_HELP = _grade_help()


def timeout_arguments(seconds: float | None = None) -> list[str]:
    """The CLI's way to shorten the per-call time limit, if it has one."""
    for flag in ("--timeout", "--call-timeout", "--time-limit"):
        if flag in _HELP:
            return [flag, f"{seconds or CALL_TIMEOUT_S:g}"]
    return []


def effective_call_timeout() -> float:
    """What one timing-out call may cost: our limit if the CLI takes it, else the table's."""
    if timeout_arguments():
        return CALL_TIMEOUT_S
    return float(os.environ.get("HOSTILE_TABLE_TIMEOUT_S", "10"))


# ------------------------------------------------------------------------------ one run


@dataclass
class Run:
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    report: dict | None
    report_error: str = ""
    verdicts: dict[str, list[str]] = field(default_factory=dict)


def parse_report(stdout: str) -> tuple[dict | None, str, dict[str, list[str]]]:
    try:
        report = json.loads(stdout)
    except ValueError as error:
        return None, f"stdout is not JSON ({error}): {stdout[:300]!r}", {}
    if not isinstance(report, dict) or not isinstance(report.get("tests"), list):
        return report, "the report has no tests list", {}
    verdicts: dict[str, list[str]] = {}
    for test in report["tests"]:
        extra = test.get("extra_data") if isinstance(test, dict) else None
        keys = {"function", "check", "verdict", "diagnosis"}
        if not isinstance(extra, dict) or not keys <= set(extra):
            return report, f"a test lacks extra_data {sorted(keys)}: {test!r:.300}", {}
        if extra["verdict"] not in VERDICTS:
            return report, f"unknown verdict {extra['verdict']!r}", {}
        verdicts.setdefault(extra["function"], []).append(extra["verdict"])
    return report, "", verdicts


def _kill_session(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_grade(path: Path, env: dict[str, str], extra: list[str] = (),
              exercise: str | None = "planar", mode: str = "full", fmt: str = "json",
              call_timeout: float | None = None) -> Run:
    """`grader grade PATH --format json --seed 1 --exercise planar`, as an autograder set up
    for the assignment runs it, with stdin an open, silent pipe (a terminal nobody types into:
    a child that inherits it would block, not read EOF)."""
    command = grader_command(mode) + [str(path), "--format", fmt, "--seed", "1",
                                  *(["--exercise", exercise] if exercise else []),
                                  *timeout_arguments(call_timeout), *extra]
    start = time.monotonic()
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env, cwd=path.parent,
                               start_new_session=True)
    try:
        out, err = _communicate_keeping_stdin_open(process, HARD_TIMEOUT_S)
    finally:
        _kill_session(process)
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stdin:
            process.stdin.close()
    seconds = time.monotonic() - start
    stdout = out.decode("utf-8", "replace")
    stderr = err.decode("utf-8", "replace")
    report, problem, verdicts = parse_report(stdout) if fmt == "json" else (None, "", {})
    return Run(process.returncode, stdout, stderr, seconds, report, problem, verdicts)


def _communicate_keeping_stdin_open(process: subprocess.Popen, timeout: float):
    import selectors

    chunks = {process.stdout.fileno(): [], process.stderr.fileno(): []}
    selector = selectors.DefaultSelector()
    for stream in (process.stdout, process.stderr):
        selector.register(stream, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    open_streams = 2
    while open_streams:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        for key, _ in selector.select(left):
            data = os.read(key.fd, 1 << 16)
            if not data:
                selector.unregister(key.fileobj)
                open_streams -= 1
            elif sum(map(len, chunks[key.fd])) < (64 << 20):
                chunks[key.fd].append(data)
    selector.close()
    try:
        process.wait(max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        pass
    return b"".join(chunks[process.stdout.fileno()]), b"".join(chunks[process.stderr.fileno()])


# ------------------------------------------------------------------------------ the host


def _digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative name -> content hash); folders as "dir"."""
    found = {}
    if not folder.exists():
        return found
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = "link:" + os.readlink(path)
        elif path.is_dir():
            found[name] = "dir"
        else:
            try:
                found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError as error:
                found[name] = f"unreadable: {error}"
    return found


def _proc_table() -> dict[int, tuple[int, str, str]]:
    """pid -> (ppid, comm, cmdline) for every process we can see."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_bytes()
            comm = Path(f"/proc/{name}/comm").read_text().strip()
            cmdline = Path(f"/proc/{name}/cmdline").read_bytes().replace(b"\0", b" ").decode(
                "utf-8", "replace")
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        table[int(name)] = (int(fields[1]), comm, cmdline)
    return table


def _our_descendants(table: dict[int, tuple[int, str, str]]) -> set[int]:
    me = os.getpid()
    found, changed = set(), True
    while changed:
        changed = False
        for pid, (ppid, _, _) in table.items():
            if (ppid == me or ppid in found) and pid not in found:
                found.add(pid)
                changed = True
    return found


def _zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return True
    return stat[stat.rfind(b")") + 2:].split()[0] == b"Z"


@dataclass
class Host:
    """One grading run's corner of the machine, and what it looked like before the run."""
    root: Path
    folder: Path         # the submissions, placeholders filled
    home: Path
    tmpdir: Path
    token: str
    secret: str
    listener: socket.socket
    canary: subprocess.Popen | None = None   # a bystander process no submission may signal
    before_folder: dict = field(default_factory=dict)
    before_home: dict = field(default_factory=dict)
    before_processes: set = field(default_factory=set)

    @property
    def port(self) -> int:
        return self.listener.getsockname()[1]

    def env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("PYTEST", "COV_"))}
        env.update(HOME=str(self.home), TMPDIR=str(self.tmpdir), **{SECRET_VAR: self.secret})
        return env

    def fill(self, text: str) -> str:
        return (text.replace("__HOSTILE_DIR__", str(self.folder))
                .replace("__HOSTILE_HOME__", str(self.home))
                .replace("__HOSTILE_PORT__", str(self.port))
                .replace("__HOSTILE_TOKEN__", self.token)
                .replace("__HOSTILE_REPO__", str(REPO))
                .replace("__HOSTILE_CANARY_PID__", str(self.canary.pid if self.canary else -1)))

    def install(self, names=None) -> None:
        """Write submissions (all by default) into the folder, placeholders filled."""
        for name, data in sorted(all_submissions().items()):
            if names is not None and name not in names:
                continue
            if b"__HOSTILE_" in data:
                data = self.fill(data.decode("latin-1")).encode("latin-1")
            (self.folder / name).write_bytes(data)

    def snapshot(self) -> None:
        self.before_folder = _digest(self.folder)
        self.before_home = _digest(self.home)
        self.before_processes = _our_descendants(_proc_table())

    def leftovers(self) -> list[str]:
        """Everything the run left behind, in words; and it is cleaned up."""
        problems = []
        after = _digest(self.folder)
        for name in sorted(set(self.before_folder) | set(after)):
            if self.before_folder.get(name) != after.get(name):
                what = ("created" if name not in self.before_folder else
                        "deleted" if name not in after else "changed")
                problems.append(f"submission folder: {name} {what}")
        after_home = _digest(self.home)
        if after_home != self.before_home:
            problems.append(f"$HOME changed: {sorted(set(after_home) ^ set(self.before_home))}")
        left_tmp = sorted(p.name for p in self.tmpdir.iterdir())
        if left_tmp:
            problems.append(f"$TMPDIR not cleaned: {left_tmp}")
        for shared in (Path("/tmp"), Path("/dev/shm")):
            for path in (shared.iterdir() if shared.is_dir() else ()):
                if self.token in path.name:
                    problems.append(f"{shared}: {path.name} created")
                    _remove(path)
        if self.canary is not None and self.canary.poll() is not None:
            problems.append(f"the bystander process {self.canary.pid} was killed "
                            f"(status {self.canary.returncode})")
        try:
            # The real home of whoever runs the tests (the grader ran with a temporary one).
            for entry in os.scandir(os.path.expanduser("~")):
                if self.token in entry.name:
                    problems.append(f"real home: {entry.name} created")
                    _remove(Path(entry.path))
        except OSError:
            pass
        problems += self._connections()
        problems += self._processes()
        return problems

    def _connections(self) -> list[str]:
        problems = []
        self.listener.setblocking(False)
        while True:
            try:
                conn, peer = self.listener.accept()
            except (BlockingIOError, OSError):
                break
            conn.settimeout(0.5)
            try:
                data = conn.recv(64)
            except OSError:
                data = b""
            conn.close()
            problems.append(f"the loopback listener got a connection from {peer} ({data[:20]!r})")
        return problems

    def _processes(self) -> list[str]:
        problems = []
        deadline = time.monotonic() + 1.5   # the grader's own cleanup may still be finishing
        while True:
            table = _proc_table()
            ours = {pid for pid in _our_descendants(table) - self.before_processes
                    if not _zombie(pid)}
            tagged = {pid for pid, (_, comm, cmdline) in table.items()
                      if self.token in comm or self.token in cmdline} - {os.getpid()}
            if not (ours | tagged) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        for pid in sorted(ours | tagged):
            _, comm, cmdline = table.get(pid, (0, "?", "?"))
            problems.append(f"process left running: {pid} {comm!r} {cmdline[:80]!r}")
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        _reap()
        return problems

    def close(self) -> None:
        self.listener.close()
        if self.canary is not None:
            self.canary.kill()
            self.canary.wait()


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            import shutil
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()
    except OSError:
        pass


def _reap() -> None:
    """Collect orphans the subreaper inherited (zombies otherwise)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


@pytest.fixture
def host(tmp_path):
    folder, home, tmpdir = tmp_path / "submissions", tmp_path / "home", tmp_path / "tmpdir"
    for path in (folder, home, tmpdir):
        path.mkdir()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    _subreaper(True)
    canary = subprocess.Popen(["sleep", "300"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, start_new_session=True)
    made = Host(root=tmp_path, folder=folder, home=home, tmpdir=tmpdir,
                token="hx" + secrets.token_hex(4), secret="S3CR3T-" + secrets.token_hex(8),
                listener=listener, canary=canary)
    try:
        yield made
    finally:
        made.close()
        _reap()
        _subreaper(False)


@pytest.fixture(scope="session")
def honest_seconds(tmp_path_factory) -> float:
    """Wall time of grading the honest submission (the base of every run's time budget)."""
    root = tmp_path_factory.mktemp("honest-baseline")
    (root / "home").mkdir()
    (root / "tmp").mkdir()
    (root / "honest.py").write_bytes((SUBMISSIONS / "honest.py").read_bytes())
    env = dict(os.environ, HOME=str(root / "home"), TMPDIR=str(root / "tmp"))
    return run_grade(root / "honest.py", env).seconds
