"""Parent side of the fork server: start it, hand it calls, know which layers it has.

One fork server per parent process, started on first use and reused while it lives (a dead one
is replaced). It is a child of the parent in its own session; it exits when the parent's end of
the control socket closes, killing the calls still running.
"""

from __future__ import annotations

import atexit
import os
import select
import socket
import subprocess
import sys
import threading
from pathlib import Path

from grader.grading.sandbox import protocol

SERVER = Path(__file__).resolve().with_name("forkserver.py")
START_TIMEOUT_S = 30.0


class ForkServerError(Exception):
    """The fork server could not be started or stopped answering."""


class ForkServer:
    def __init__(self, env: dict[str, str], protected: list[str], namespaces: bool = True):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-s", "-P", "-B", str(SERVER), str(theirs.fileno())],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),), close_fds=True, env=env, cwd="/",
                start_new_session=True)
        finally:
            theirs.close()
        self.sock = ours
        self.lock = threading.Lock()
        self.calls = 0
        self.layers: list[dict] = []
        self.active: set[str] = set()
        self._ready = False
        self._failed = ""
        ours.send(protocol.encode({"protected": protected, "namespaces": namespaces}))

    def wait_ready(self) -> None:
        """Block until the server has reported its layers (it starts in the background)."""
        with self.lock:
            if self._ready:
                return
            if self._failed:
                raise ForkServerError(self._failed)
            ready, _, _ = select.select([self.sock], [], [], START_TIMEOUT_S)
            hello = self.sock.recv(1 << 20) if ready else b""
            try:
                reply = protocol.decode(hello)
            except protocol.ProtocolError:
                reply = None
            if not isinstance(reply, dict) or type(reply.get("layers")) is not list:
                why = reply.get("error") if isinstance(reply, dict) else None
                self._failed = f"the fork server did not start ({why or 'no answer'})"
                raise ForkServerError(self._failed)
            self.layers = reply["layers"]
            self.active = {layer["name"] for layer in self.layers if layer["active"]}
            self._ready = True

    def alive(self) -> bool:
        return self.process.poll() is None

    def next_uid(self) -> int:
        # Each Call its own uid (RLIMIT_NPROC counts per uid; calls cannot signal each other).
        with self.lock:
            self.calls += 1
            return 60000 + self.calls % 1000

    def spawn(self, header: dict, fds: list[int]) -> None:
        data = protocol.encode(header)
        with self.lock:
            try:
                socket.send_fds(self.sock, [data], fds)
            except OSError as error:
                raise ForkServerError(f"the fork server is gone ({error})") from None

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_lock = threading.Lock()
_server: ForkServer | None = None
_owner = 0


def get(env: dict[str, str], protected: list[str]) -> ForkServer:
    """The running fork server, started (or restarted) if needed; it may still be starting
    (call wait_ready before use)."""
    global _server, _owner
    with _lock:
        if _server is not None and (_owner != os.getpid() or not _server.alive()):
            if _owner == os.getpid():
                _server.close()
            _server = None
        if _server is not None and _server._failed:
            _server.close()
            _server = None
        if _server is None:
            _server = ForkServer(env, protected)
            _owner = os.getpid()
        return _server


def shutdown() -> None:
    global _server
    with _lock:
        if _server is not None and _owner == os.getpid():
            _server.close()
        _server = None


atexit.register(shutdown)
