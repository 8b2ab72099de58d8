"""Parent side: read a child's three pipes (answer, stdout, stderr) within limits and a deadline.

Everything that arrives is untrusted bytes. The answer pipe is read up to its cap (past it, the
call is over the limit and we stop listening); stdout and stderr keep their first `output_bytes`
each and read-and-discard the rest, so 300 MB of prints cost the parent neither memory nor time
beyond the copying.
"""

from __future__ import annotations

import os
import selectors
import time
from dataclasses import dataclass, field

from grader.grading.sandbox.protocol import HEADER, MAGIC

_CHUNK = 1 << 16


def _drain(stream: "_Stream", reads: int = 64) -> None:
    """Read what is in the pipe right now (a bounded amount), without waiting for more."""
    for _ in range(reads):
        if not stream.open:
            return
        try:
            data = os.read(stream.fd, _CHUNK)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            stream.open = False
            return
        stream.feed(data)


@dataclass
class _Stream:
    fd: int
    cap: int
    kept: bytearray = field(default_factory=bytearray)
    dropped: int = 0
    open: bool = True

    def feed(self, data: bytes) -> None:
        room = self.cap - len(self.kept)
        if room > 0:
            self.kept += data[:room]
        self.dropped += max(0, len(data) - max(room, 0))

    def text(self) -> str:
        text = bytes(self.kept).decode("utf-8", errors="replace")
        if self.dropped:
            text += f"\n[... truncated {self.dropped} bytes]"
        return text


@dataclass
class Collected:
    answer: bytes
    answer_over_limit: bool
    stdout: str
    stderr: str
    timed_out: bool
    ended: bool          # the `done` descriptor fired (the child, or its supervisor, finished)
    complete: bool = False  # one whole message arrived (its declared length), whoever wrote it
    closed: bool = False    # every pipe reached end-of-file: nobody holds a write end any more


def _declared(kept: bytearray) -> int | None:
    """The total stream length the header announces, once the header is in."""
    if len(kept) < HEADER.size:
        return None
    magic, length = HEADER.unpack_from(kept)
    return HEADER.size + length if magic == MAGIC else None


def collect(answer_fd: int, out_fd: int, err_fd: int, *, answer_cap: int, output_cap: int,
            deadline: float, done_fd: int | None = None, on_done=None,
            grace: float = 0.25) -> Collected:
    """Read until the three pipes close, or one whole answer message is in (the harness
    flushes stdout/stderr before answering, so what is readable then is all there is), or
    `done_fd` fires and a short grace passes, or the deadline. `on_done()` is called once when
    `done_fd` becomes readable (it must consume it). The caller owns and closes all descriptors."""
    answer = _Stream(answer_fd, answer_cap + 1)
    out = _Stream(out_fd, output_cap)
    err = _Stream(err_fd, output_cap)
    streams = {s.fd: s for s in (answer, out, err)}
    selector = selectors.DefaultSelector()
    try:
        for stream in streams.values():
            os.set_blocking(stream.fd, False)
            selector.register(stream.fd, selectors.EVENT_READ)
        if done_fd is not None:
            selector.register(done_fd, selectors.EVENT_READ)
        timed_out = ended = complete = False
        over = False
        stop_at = deadline
        while any(s.open for s in streams.values()):
            now = time.monotonic()
            if now >= stop_at:
                timed_out = not ended
                break
            if complete:
                break
            for key, _ in selector.select(stop_at - now):
                fd = key.fd
                if fd == done_fd:
                    selector.unregister(done_fd)
                    if on_done is not None:
                        on_done()
                    ended = True
                    # Whatever still holds the pipes gets a moment, not the whole deadline.
                    stop_at = min(deadline, time.monotonic() + grace)
                    continue
                stream = streams[fd]
                try:
                    data = os.read(fd, _CHUNK)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    stream.open = False
                    selector.unregister(fd)
                    continue
                stream.feed(data)
                if stream is answer and len(answer.kept) == _declared(answer.kept):
                    complete = True
                    _drain(out)
                    _drain(err)
                    break
                if stream is answer and len(answer.kept) > answer_cap:
                    over = True
                    answer.open = False
                    selector.unregister(fd)
                    stop_at = min(stop_at, time.monotonic() + grace)
        closed = not any(s.open for s in streams.values())
        return Collected(bytes(answer.kept), over, out.text(), err.text(), timed_out and not complete,
                         ended, complete, closed)
    finally:
        selector.close()
