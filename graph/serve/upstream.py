"""Oxigraph server processes behind ``accredigraph serve``: started, lent out, killed, replaced.

Each :class:`Upstream` is the real Oxigraph server (``oxigraph serve-read-only``, from the
``oxigraph`` package) on a private loopback port, opening the on-disk store read-only. A
:class:`UpstreamPool` lends each one to **one request at a time**, so when a query runs past
its time limit the front can kill that process — the only way to stop a running Oxigraph query
(docs/endpoint.md) — without touching any other query, and start a fresh one in its place
(~40 ms). When the store directory is replaced (``accredigraph build`` or ``import`` swap in a
new directory) the processes notice the new inode and restart on the new store.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from graph.errors import StoreError
from graph.sparql.deadline import spawn

__all__ = ["Upstream", "UpstreamPool", "oxigraph_binary"]


def oxigraph_binary() -> str:
    """The path of the ``oxigraph`` server binary (``pip install oxigraph``)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the Oxigraph server is not installed: pip install 'oxigraph>=0.5.13'")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Upstream:
    """One ``oxigraph serve-read-only`` process and a keep-alive connection to it."""

    def __init__(self, location: Path, timeout: float, *, binary: str | None = None) -> None:
        # Oxigraph's own limit is only a backstop, later than ours: when it fires mid-answer it
        # appends a message to a "200 OK" body (measured), while ours kills the process first.
        self.location = location
        self.inode = os.stat(location).st_ino
        last_error = ""
        # the server's messages go to a file: a closed pipe would kill it on its next message
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
        for _ in range(5):  # the port may be taken between probing and binding it
            self.port = _free_port()
            self.proc = spawn(
                [binary or oxigraph_binary(), "serve-read-only", "--location", str(location),
                 "--bind", f"127.0.0.1:{self.port}", "--timeout-s", str(round(timeout) + 10)],
                stdout=subprocess.DEVNULL,
                stderr=self._log,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )  # fmt: skip
            if self._wait_ready(10.0):
                self.conn: http.client.HTTPConnection | None = None
                return
            last_error = self._stop_and_read_error()
        raise StoreError(f"the Oxigraph server did not start on {location}: {last_error}")

    def _wait_ready(self, limit: float) -> bool:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                return True
            time.sleep(0.01)
        return False

    def _stop_and_read_error(self) -> str:
        self.kill()
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace").strip()[-500:]

    def connection(self, timeout: float) -> http.client.HTTPConnection:
        """The keep-alive connection to this server (opened on first use)."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        else:
            self.conn.timeout = timeout
            if self.conn.sock is not None:
                self.conn.sock.settimeout(timeout)
        return self.conn

    def drop_connection(self) -> None:
        """Close the connection (after a response that was not read to its end)."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """Stop the process at once (SIGKILL) and wait for it."""
        self.drop_connection()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


class UpstreamPool:
    """``size`` Oxigraph servers on the store at ``location``, each lent to one request."""

    def __init__(
        self, location: Path, *, size: int, timeout: float, binary: str | None = None
    ) -> None:
        self.location = Path(location)
        self.timeout = timeout
        self.binary = binary or oxigraph_binary()
        self.size = size
        self._idle: queue.LifoQueue[Upstream] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._all: set[Upstream] = set()
        self.kills = 0
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> Upstream:
        upstream = Upstream(self.location, self.timeout, binary=self.binary)
        with self._lock:
            self._all.add(upstream)
        return upstream

    def _retire(self, upstream: Upstream) -> None:
        upstream.kill()
        with self._lock:
            self._all.discard(upstream)

    @contextlib.contextmanager
    def lend(self, wait: float) -> Iterator[Upstream | None]:
        """Lend a server for one request; ``None`` when none was free within ``wait`` s.

        A server that died, was killed (:meth:`kill`) or serves a replaced store directory is
        replaced before it is lent again.
        """
        try:
            upstream = self._idle.get(timeout=wait)
        except queue.Empty:
            yield None
            return
        try:
            if not upstream.alive or upstream.inode != self._current_inode():
                upstream = self._replace(upstream)  # may raise: the slot stays, dead
            yield upstream
        except BaseException:
            upstream.drop_connection()  # a response may be half read
            raise
        finally:
            if not upstream.alive:
                with contextlib.suppress(StoreError):
                    upstream = self._replace(upstream)
            self._idle.put(upstream)

    def _replace(self, upstream: Upstream) -> Upstream:
        self._retire(upstream)
        fresh = self._spawn()
        return fresh

    def kill(self, upstream: Upstream) -> None:
        """Kill ``upstream`` (its query ran too long); the pool replaces it on return."""
        self.kills += 1
        upstream.kill()

    def _current_inode(self) -> int | None:
        try:
            return os.stat(self.location).st_ino
        except OSError:
            return None

    def close(self) -> None:
        """Stop every server."""
        with self._lock:
            everyone = list(self._all)
            self._all.clear()
        for upstream in everyone:
            upstream.kill()
