"""Fair turns for queries, so light ones stay fast while heavy ones run (docs/security.md).

A :class:`Scheduler` gives queries their turns — at most ``slots`` run at once, at most
``per_client`` of them for one client (the endpoint: a client's address; the app: a visitor's
session) — and queues the rest per client, served round-robin between clients, not first come
first served across all: a client who sent ten queries waits behind their own, not in front of
everyone else's. A query that has run ``long_after`` seconds is *long*:

- it is **demoted** to the lowest CPU priority (``nice`` 19): its worker process for an on-disk
  store, its thread for an in-memory one (Linux schedules threads one by one), so a new query
  gets the CPU at once;
- at most ``max_long`` long queries hold slots (by default one fewer than ``slots``: set below
  ``slots``, there is always a slot for a new query). A query that becomes long while
  ``max_long`` others are is **stopped** (its worker is killed) with
  :class:`~graph.errors.QueryBusy`, which says when to try again, and its client waits that
  long before their next query (an in-memory query cannot be stopped: it is demoted only).

A client whose query ran long is served after the others for :data:`HEAVY_MEMORY` seconds, and
never takes the last free slot. A query's time is counted from when it reaches its engine (a
worker process, a thread), not from its turn (starting a worker is not its own time), and as the
CPU its engine used for it where Linux says (a query waiting for a CPU on a busy machine is not
long), or as ``WALL_FACTOR`` times ``long_after`` in wall time, whichever comes first.

A query waits at most ``wait`` seconds for its turn; a client may have at most ``client_queue``
waiting, the whole queue ``queue_limit``. Each refusal is a :class:`~graph.errors.QueryBusy` with
a message for people and a ``retry_after``. :func:`graph.sparql.run` takes its turn as the client
of :func:`as_client` (the app), or runs under its caller's turn (:meth:`Scheduler.turn_async`:
the endpoint); without either (the CLI, tests) it runs at once.

Examples
--------
>>> s = Scheduler(slots=2, per_client=1, long_after=0.5, max_long=1, monitor=False)
>>> a1, a2, b1 = s.enqueue("a"), s.enqueue("a"), s.enqueue("b")
>>> [t.granted for t in (a1, a2, b1)]  # a's second waits for a's first; b runs
[True, False, True]
>>> s.release(a1); a2.granted
True
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable, Iterator

from graph.errors import QueryBusy
from graph.sparql.ticket import _CLIENT, _TICKET, POLL, Ticket, cpu_seconds, demote

log = logging.getLogger(__name__)

#: Seconds a client whose query ran long is served after the others.
HEAVY_MEMORY = 60.0

#: A query is also long after this many times ``long_after`` in wall time, whatever its CPU:
#: on a machine busy with other work, a heavy query must not hold a fresh slot for long.
WALL_FACTOR = 4

__all__ = ["Scheduler", "as_client"]

#: Seconds a stopped query's client is told to wait when no running query says better.
DEFAULT_RETRY = 5.0


class Scheduler:
    """Turns for queries: ``slots`` at once, ``per_client`` per client, fair queues, long
    queries demoted and capped at ``max_long`` (see the module's description).

    ``clock`` is read for every decision (tests pass their own); ``monitor=False`` leaves the
    demotions to calls of :meth:`tick` (tests), else a daemon thread makes them on time.
    """

    def __init__(
        self,
        *,
        slots: int = 4,
        per_client: int = 2,
        client_queue: int = 32,
        queue_limit: int = 256,
        long_after: float = 0.5,
        max_long: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        cpu_time: Callable[[int], float | None] = cpu_seconds,
        monitor: bool = True,
    ) -> None:
        if slots < 1 or per_client < 1:
            raise ValueError("a scheduler needs at least one slot, and one per client")
        self.slots = slots
        self.per_client = per_client
        self.client_queue = client_queue
        self.queue_limit = queue_limit
        self.long_after = long_after
        self.max_long = max(0, slots - 1 if max_long is None else min(max_long, slots))
        self.clock = clock
        self.cpu_time = cpu_time
        self._lock = threading.Condition()
        self._waiting: OrderedDict[str, deque[Ticket]] = OrderedDict()
        self._running: dict[str, int] = {}
        self._held: list[Ticket] = []
        self._cooling: dict[str, float] = {}
        #: Clients whose query was long, until when they are served after the others.
        self._heavy: dict[str, float] = {}
        self._monitor = monitor
        self._monitor_thread: threading.Thread | None = None
        #: Queries stopped for being long while ``max_long`` others were.
        self.stopped = 0

    # --- the queue ----------------------------------------------------------------------------

    def enqueue(self, client: str, notify: Callable[[], None] = lambda: None) -> Ticket:
        """A place for ``client``'s query: granted at once when a slot is free and it is this
        client's turn, else waiting (``notify`` is called when it is granted). Raises
        :class:`~graph.errors.QueryBusy` when the client or the whole queue has too many
        waiting, or the client was told to wait."""
        ticket = Ticket(client, notify, clock=self.clock, wake=self._wake,
                        cpu_time=self.cpu_time)  # fmt: skip
        with self._lock:
            now = self.clock()
            until = self._cooling.get(client, 0.0)
            if until > now:
                raise QueryBusy(
                    "your last query ran long while the server was busy with other long "
                    f"queries and was stopped; try again in {math.ceil(until - now)} s",
                    retry_after=until - now, yours=True,
                )  # fmt: skip
            self._cooling.pop(client, None)
            queue = self._waiting.get(client, ())
            if len(queue) >= self.client_queue:
                raise QueryBusy(
                    f"you already have {self._running.get(client, 0)} queries running and "
                    f"{len(queue)} waiting, the most one client may; wait for them to finish",
                    retry_after=1.0, yours=True,
                )  # fmt: skip
            if sum(map(len, self._waiting.values())) >= self.queue_limit:
                raise QueryBusy(f"{self.queue_limit} queries are already waiting for a turn; "
                                "try again shortly", retry_after=1.0)  # fmt: skip
            self._waiting.setdefault(client, deque()).append(ticket)
            granted = self._dispatch()
        self._notify(granted)
        return ticket

    def cancel(self, ticket: Ticket) -> bool:
        """Take a waiting ticket out of the queue; ``False`` if it was granted meanwhile (the
        caller then holds a slot and must :meth:`release` it)."""
        with self._lock:
            if ticket.granted:
                return False
            queue = self._waiting.get(ticket.client)
            if queue is not None and ticket in queue:
                queue.remove(ticket)
                if not queue:
                    del self._waiting[ticket.client]
            return True

    def release(self, ticket: Ticket) -> None:
        """Free the slot ``ticket`` holds, and grant the next turns."""
        with self._lock:
            if ticket in self._held:
                self._held.remove(ticket)
                left = self._running[ticket.client] - 1
                if left:
                    self._running[ticket.client] = left
                else:
                    del self._running[ticket.client]
            ticket.detach()
            granted = self._dispatch()
        self._notify(granted)

    def _dispatch(self) -> list[Ticket]:
        """Grant turns while slots are free: the first client in round-robin order with a
        query waiting and fewer than ``per_client`` running; it then goes to the back."""
        granted = []
        now = self.clock()
        while len(self._held) < self.slots:
            ready = [c for c in self._waiting if self._running.get(c, 0) < self.per_client]
            light = [c for c in ready if self._heavy.get(c, 0.0) <= now]
            # a client whose queries ran long lately comes after the others, and never takes
            # the last free slot: that one stays for a new query
            last = len(self._held) == self.slots - 1 and self.slots > 1
            client = light[0] if light else (ready[0] if ready and not last else None)
            if client is None:
                break
            queue = self._waiting[client]
            ticket = queue.popleft()
            if queue:
                self._waiting.move_to_end(client)
            else:
                del self._waiting[client]
            ticket.granted = True
            self._held.append(ticket)
            self._running[client] = self._running.get(client, 0) + 1
            granted.append(ticket)
        if granted:
            self._lock.notify_all()
            self._start_monitor()
        return granted

    def _wake(self) -> None:
        with self._lock:
            self._lock.notify_all()

    @staticmethod
    def _notify(tickets: list[Ticket]) -> None:
        for ticket in tickets:
            ticket.notify()

    def state(self) -> dict[str, int]:
        """How many queries run, how many of them are long, and how many wait."""
        with self._lock:
            held, waiting = self._held, sum(map(len, self._waiting.values()))
            return {"running": len(held), "long": sum(t.long for t in held), "waiting": waiting}

    # --- long queries -------------------------------------------------------------------------

    def tick(self) -> list[Ticket]:
        """Demote the queries that have become long, and stop those past ``max_long``;
        returns the tickets demoted or stopped now."""
        with self._lock:
            now = self.clock()
            changed = []
            for table in (self._heavy, self._cooling):  # forget what has passed
                for client in [c for c, until in table.items() if until <= now]:
                    del table[client]
            for ticket in self._held:  # oldest first: the newest long queries are stopped
                if ticket.long or ticket.stopped or ticket.since is None:
                    continue
                cpu, wall = ticket.ran(now), now - ticket.since
                if cpu < self.long_after and wall < WALL_FACTOR * self.long_after:
                    continue
                long_now = sum(t.long and not t.stopped for t in self._held)
                if long_now >= self.max_long and ticket.stop is not None:
                    wait = self._retry_after(now)
                    ticket.stopped = QueryBusy(
                        f"your query ran past {self.long_after:g} s while {long_now} other long "
                        "queries were running, the most this server runs at once, and was "
                        f"stopped so that short queries keep their turn; try again in "
                        f"{math.ceil(wait)} s", retry_after=wait,
                    )  # fmt: skip
                    self._cooling[ticket.client] = now + wait
                    self.stopped += 1
                else:
                    ticket.long = True
                self._heavy[ticket.client] = now + HEAVY_MEMORY
                changed.append(ticket)
            actions = [(t.stop if t.stopped else None, set(dict(t.tasks))) for t in changed]
        for stop, tasks in actions:
            if stop is not None:
                stop()
            else:
                demote(tasks)
        return changed

    def _retry_after(self, now: float) -> float:
        """Seconds until the first long query must end (its time limit), else a default."""
        ends = [t.since + t.timeout - now for t in self._held
                if t.long and t.timeout and t.since is not None]  # fmt: skip
        return max(1.0, min(ends)) if ends else DEFAULT_RETRY

    def _next_change(self) -> float | None:
        """Seconds until a running query may have become long (``None``: none runs)."""
        now = self.clock()
        fresh = [max(POLL, t.since + self.long_after - now) for t in self._held
                 if not (t.long or t.stopped) and t.since is not None]  # fmt: skip
        return min(fresh) if fresh else None

    def _start_monitor(self) -> None:
        if self._monitor and self._monitor_thread is None:
            self._monitor_thread = threading.Thread(
                target=self._watch, name="accredigraph-scheduler", daemon=True
            )
            self._monitor_thread.start()

    def _watch(self) -> None:
        while True:
            with self._lock:
                self._lock.wait(self._next_change())  # or until a query starts or ends
            try:
                self.tick()
            except Exception:  # a bug must not stop the demotions for good
                log.exception("the query scheduler could not look at the running queries")

    # --- waiting for a turn -------------------------------------------------------------------

    def _too_long(self, client: str, wait: float) -> QueryBusy:
        with self._lock:
            mine = self._running.get(client, 0) >= self.per_client
        if mine:
            return QueryBusy(
                f"your other quer{'y is' if self.per_client == 1 else 'ies are'} still running; "
                f"this one waited {wait:g} s for {'it' if self.per_client == 1 else 'them'}. "
                "Try again when it has finished", retry_after=1.0, yours=True,
            )  # fmt: skip
        return QueryBusy(f"every query slot is busy (waited {wait:g} s); try again",
                         retry_after=1.0)  # fmt: skip

    @contextlib.contextmanager
    def turn(self, client: str, *, wait: float) -> Iterator[Ticket]:
        """Hold a slot for ``client`` for the block, waiting at most ``wait`` seconds for it
        (else :class:`~graph.errors.QueryBusy`); :func:`graph.sparql.run` inside the block
        runs under it."""
        event = threading.Event()
        ticket = self.enqueue(client, event.set)
        if not event.wait(wait) and self.cancel(ticket):
            raise self._too_long(client, wait)
        token = _TICKET.set(ticket)
        try:
            yield ticket
        finally:
            _TICKET.reset(token)
            self.release(ticket)

    @contextlib.asynccontextmanager
    async def turn_async(self, client: str, *, wait: float) -> AsyncIterator[Ticket]:
        """:meth:`turn` for a coroutine: waits without holding a thread; the ticket is in
        the context that ``run_in_threadpool`` copies into its thread."""
        import asyncio  # only here: a plain query (the CLI's) does not load asyncio

        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()

        def granted() -> None:
            loop.call_soon_threadsafe(lambda: ready.done() or ready.set_result(None))

        ticket = self.enqueue(client, granted)
        try:
            await asyncio.wait_for(asyncio.shield(ready), wait)
        except TimeoutError:
            if self.cancel(ticket):
                raise self._too_long(client, wait) from None
        except BaseException:  # the request was cancelled while waiting
            if not self.cancel(ticket):
                self.release(ticket)
            raise
        token = _TICKET.set(ticket)
        try:
            yield ticket
        finally:
            _TICKET.reset(token)
            self.release(ticket)


# --- the context a query runs in ---------------------------------------------------------------


@contextlib.contextmanager
def as_client(scheduler: Scheduler, client: str, *, wait: float) -> Iterator[None]:
    """In the block, every :func:`graph.sparql.run` with a time limit takes a turn from
    ``scheduler`` as ``client``, waiting at most ``wait`` seconds for it."""
    token = _CLIENT.set((scheduler, client, wait))
    try:
        yield
    finally:
        _CLIENT.reset(token)
