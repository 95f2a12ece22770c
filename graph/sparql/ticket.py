"""A query's turn (:class:`Ticket`) and the context it runs in; :mod:`graph.sparql.scheduler`
hands turns out.

A ticket knows what runs its query — a worker process or a thread, both Linux tasks with a CPU
priority and a CPU clock — so the scheduler can demote it (``nice`` 19) or stop it.

>>> t = Ticket("a", cpu_time=lambda task: None, clock=lambda: 10.0)
>>> t.attach(thread=1 << 30); t.ran(10.5)
0.5
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.errors import QueryBusy

if TYPE_CHECKING:
    from graph.sparql.scheduler import Scheduler

__all__ = ["LOW_PRIORITY", "POLL", "Ticket", "cpu_seconds", "current_ticket", "demote",
           "turn_for_run"]  # fmt: skip

#: The ``nice`` value of a long query's worker process or thread.
LOW_PRIORITY = 19


@dataclass(eq=False)
class Ticket:
    """One query's place: waiting, then holding a slot until released."""

    client: str
    notify: Callable[[], None] = lambda: None
    granted: bool = False
    #: When the query reached its engine (a worker, a thread): starting a worker is not
    #: the query's own time.
    since: float | None = None
    clock: Callable[[], float] = time.monotonic
    #: Tells the scheduler's monitor that the query reached its engine.
    wake: Callable[[], None] = lambda: None
    #: Seconds the query may run (its time limit), when known: says when a slot frees.
    timeout: float | None = None
    long: bool = False
    stopped: QueryBusy | None = None
    #: The worker processes' and threads' ids (both are Linux tasks with a priority), with
    #: their CPU seconds when attached.
    tasks: dict[int, float | None] = field(default_factory=dict)
    cpu_time: Callable[[int], float | None] = lambda task: None
    stop: Callable[[], None] | None = None

    def attach(self, *, pid: int | None = None, thread: int | None = None,
               stop: Callable[[], None] | None = None) -> None:  # fmt: skip
        """Say what runs this query: a worker process ``pid`` (which ``stop`` kills) or a
        thread (its native id); a query already long is demoted at once."""
        if self.since is None:
            self.since = self.clock()
            self.wake()
        tasks = {task for task in (pid, thread) if task is not None}
        self.tasks.update({task: self.cpu_time(task) for task in tasks})
        self.stop = stop if pid is not None else self.stop
        if self.long:
            demote(tasks)

    def ran(self, now: float) -> float:
        """Seconds of CPU its process or thread has used for this query (where Linux says),
        else seconds since it reached its engine: a query waiting for a CPU is not long."""
        tasks = dict(self.tasks)  # a copy: the query's thread attaches and detaches
        used = [(self.cpu_time(task), start) for task, start in tasks.items()]
        cpu = [end - start for end, start in used if end is not None and start is not None]
        return sum(cpu) if cpu else now - (self.since if self.since is not None else now)

    def detach(self) -> None:
        """The process or thread no longer runs this query."""
        self.tasks.clear()
        self.stop = None


def cpu_seconds(task: int) -> float | None:
    """CPU seconds (user and system) a process or thread has used, from ``/proc`` (Linux);
    ``None`` elsewhere or once it has ended."""
    own = f"/proc/self/task/{task}/stat"  # a thread of this process: its own clock
    try:
        with open(own if os.path.exists(own) else f"/proc/{task}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return None


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
#: Seconds between looks at a query that has run long in time but not yet in CPU.
POLL = 0.1


def demote(tasks: set[int]) -> None:
    for task in tasks:
        with contextlib.suppress(OSError):  # it has ended
            os.setpriority(os.PRIO_PROCESS, task, LOW_PRIORITY)


# --- the context a query runs in --------------------------------------------------------------

_TICKET: ContextVar[Ticket | None] = ContextVar("accredigraph_ticket", default=None)
_CLIENT: ContextVar[tuple[Scheduler, str, float] | None] = ContextVar(
    "accredigraph_client", default=None
)


def current_ticket() -> Ticket | None:
    """The turn the current query runs under, if any."""
    return _TICKET.get()


@contextlib.contextmanager
def turn_for_run() -> Iterator[Ticket | None]:
    """The turn a query of :func:`graph.sparql.run` runs under: the caller's, else one taken
    for the client of :func:`~graph.sparql.scheduler.as_client`, else none."""
    held = _TICKET.get()
    client = _CLIENT.get()
    if held is not None or client is None:
        yield held
        return
    scheduler, name, wait = client
    with scheduler.turn(name, wait=wait) as ticket:
        yield ticket
