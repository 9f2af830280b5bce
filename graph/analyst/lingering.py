"""Closing a connection so that the client reads the answer instead of a reset.

A TCP socket closed while the client's bytes are still unread (a request refused before it was
read: 503 when busy, 413 on a body too large) makes the kernel send a reset, and the client may
lose the answer it was sent. Here the write side is shut (the answer, then end of file), what the
client still sends is read and dropped, and the socket is closed when the client closes its side
or after a few seconds, by one thread for all of them (Apache's "lingering close").
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
import time
from collections import deque

LINGER_SECONDS = 2.0  # the longest a closed connection is read from before it is dropped
LINGERING_MOST = 256  # connections lingering at once; beyond that they are closed at once
_TICK = 0.05  # seconds between looks at the deadlines


class LingeringCloser:
    """Closes sockets gracefully on a thread of its own; `stop` closes what is left."""

    def __init__(self, seconds: float = LINGER_SECONDS, most: int = LINGERING_MOST) -> None:
        self.seconds = seconds
        self.most = most
        self._handed: deque[socket.socket] = deque()  # given by other threads, not yet watched
        self._deadlines: dict[socket.socket, float] = {}
        self._selector = selectors.DefaultSelector()
        self._work = threading.Event()
        self._lock = threading.Lock()  # between handing a socket over and stopping
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="lingering-close", daemon=True)
        self._thread.start()

    def close(self, conn: socket.socket) -> None:
        """Shut the write side now; read and drop what comes until the client closes, then close."""
        with contextlib.suppress(OSError):
            conn.shutdown(socket.SHUT_WR)
        with self._lock:
            if not self._stopping and len(self._handed) + len(self._deadlines) < self.most:
                self._handed.append(conn)
                self._work.set()
                return
        conn.close()

    def stop(self) -> None:
        """End the thread and close every socket still lingering."""
        with self._lock:
            self._stopping = True
        self._work.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stopping:
            if not self._deadlines and not self._handed:
                self._work.wait()
                self._work.clear()
                continue
            self._watch_handed()
            for key, _ in self._selector.select(timeout=_TICK):
                self._drain(key.fileobj)  # type: ignore[arg-type]
            now = time.monotonic()
            for conn in [conn for conn, deadline in self._deadlines.items() if deadline <= now]:
                self._drop(conn)
        self._watch_handed()
        for conn in list(self._deadlines):
            self._drop(conn)
        self._selector.close()

    def _watch_handed(self) -> None:
        while self._handed:
            conn = self._handed.popleft()
            try:
                conn.setblocking(False)
                self._selector.register(conn, selectors.EVENT_READ)
            except (OSError, ValueError):  # already closed by the client's reset
                conn.close()
                continue
            self._deadlines[conn] = time.monotonic() + self.seconds

    def _drain(self, conn: socket.socket) -> None:
        try:
            more = conn.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            more = b""
        if not more:
            self._drop(conn)

    def _drop(self, conn: socket.socket) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(conn)
        self._deadlines.pop(conn, None)
        conn.close()
