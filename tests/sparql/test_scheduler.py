"""The scheduler's turns: per-client limits, round-robin between clients, long queries demoted
and capped. Deterministic: a hand-driven clock and ``tick()``, no sleeping, no timing."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading

import pytest

from graph import sparql
from graph.errors import QueryBusy
from graph.sparql.scheduler import Scheduler, as_client
from graph.sparql.ticket import LOW_PRIORITY, current_ticket


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def scheduler(**options) -> tuple[Scheduler, Clock]:
    clock = Clock()
    options = {"slots": 2, "per_client": 1, "long_after": 0.5, "max_long": 1,
               "cpu_time": lambda task: None, **options}  # fmt: skip
    return Scheduler(clock=clock, monitor=False, **options), clock


def order_of_grants(s: Scheduler, tickets: list) -> list[str]:
    """Release the running tickets one at a time and record whose turn comes next."""
    granted = []
    pending = list(tickets)
    while pending:
        running = [t for t in pending if t.granted]
        first = running[0]
        pending.remove(first)
        granted.append(first.client)
        s.release(first)
    return granted


def test_one_client_cannot_take_more_than_its_share_of_slots():
    s, _ = scheduler(slots=3, per_client=2)
    mine = [s.enqueue("a") for _ in range(3)]
    assert [t.granted for t in mine] == [True, True, False]
    other = s.enqueue("b")
    assert other.granted  # the third slot went to another client
    s.release(mine[0])
    assert mine[2].granted


def test_the_queue_is_round_robin_between_clients_not_first_come_first_served():
    s, _ = scheduler(slots=1, per_client=1)
    tickets = [s.enqueue("a") for _ in range(4)] + [s.enqueue("b"), s.enqueue("c")]
    # a sent four before b and c sent one each; b and c do not wait behind all of a's
    assert order_of_grants(s, tickets) == ["a", "a", "b", "c", "a", "a"]


def test_a_client_over_its_queue_and_a_full_queue_are_refused_with_the_reason():
    s, _ = scheduler(slots=1, per_client=1, client_queue=2, queue_limit=3)
    s.enqueue("a"), s.enqueue("a"), s.enqueue("a")
    with pytest.raises(QueryBusy, match="you already have 1 queries running and 2 waiting") as mine:
        s.enqueue("a")
    assert mine.value.yours
    s.enqueue("b")
    with pytest.raises(QueryBusy, match="3 queries are already waiting") as full:
        s.enqueue("c")
    assert not full.value.yours and full.value.retry_after >= 1


def test_a_cancelled_wait_leaves_the_queue_and_a_released_slot_goes_to_the_next():
    s, _ = scheduler(slots=1)
    first, second, third = s.enqueue("a"), s.enqueue("b"), s.enqueue("c")
    assert s.cancel(second) and not s.cancel(first)  # first holds its slot
    s.release(first)
    assert third.granted and not second.granted
    assert s.state() == {"running": 1, "long": 0, "waiting": 0}


def test_a_long_query_is_demoted_and_a_further_long_one_is_stopped():
    s, clock = scheduler(slots=3, per_client=1, max_long=1)
    stops: list[str] = []
    first, second = s.enqueue("a"), s.enqueue("b")
    first.attach(pid=1 << 30, stop=lambda: stops.append("a"))  # no such process
    second.attach(pid=1 << 30, stop=lambda: stops.append("b"))
    first.timeout = second.timeout = 20.0
    clock.now = 0.4
    assert s.tick() == []
    clock.now = 0.6
    changed = s.tick()
    assert changed == [first, second]
    assert first.long and first.stopped is None  # the first long query keeps running
    assert second.stopped is not None and stops == ["b"]
    assert "2 other long" not in str(second.stopped) and "1 other long" in str(second.stopped)
    assert second.stopped.retry_after == pytest.approx(19.4)  # when the first must end
    # the third slot is free for a new query, and b waits before its next one
    assert s.enqueue("c").granted
    with pytest.raises(QueryBusy, match="try again in 20 s") as cooling:
        s.enqueue("b")
    assert cooling.value.yours
    clock.now = 21.0
    s.release(second)
    waiting = s.enqueue("b")
    assert not waiting.granted  # no longer cooling, but it would take the last free slot
    clock.now = 61.0  # b's long query is forgotten
    s.release(first)
    assert waiting.granted


def test_a_query_is_long_from_when_it_reaches_its_engine_not_from_its_turn():
    s, clock = scheduler(slots=2, max_long=1)
    ticket = s.enqueue("a")
    clock.now = 5.0  # a worker process was starting all this time
    assert s.tick() == [] and not ticket.long
    ticket.attach(pid=1 << 30, stop=lambda: None)
    clock.now = 5.4
    assert s.tick() == []
    clock.now = 5.6
    assert s.tick() == [ticket] and ticket.long


def test_a_query_waiting_for_a_cpu_is_not_long_until_its_engine_has_used_the_cpu():
    cpu = {7: 100.0}
    s, clock = scheduler(slots=2, max_long=0, cpu_time=cpu.get)
    ticket = s.enqueue("a")
    ticket.attach(pid=7, stop=lambda: None)
    clock.now = 1.5  # 1.5 s on a busy machine, a tenth of a second of CPU
    cpu[7] = 100.1
    assert s.tick() == [] and ticket.stopped is None
    cpu[7] = 100.6
    assert s.tick() == [ticket] and ticket.stopped is not None


def test_a_query_is_long_after_four_times_the_threshold_in_wall_time_whatever_its_cpu():
    cpu = {7: 100.0}
    s, clock = scheduler(slots=2, max_long=1, cpu_time=cpu.get)
    ticket = s.enqueue("a")
    ticket.attach(pid=7, stop=lambda: None)
    clock.now = 1.9
    assert s.tick() == []
    clock.now = 2.0
    assert s.tick() == [ticket] and ticket.long


def test_a_query_that_cannot_be_stopped_is_demoted_only():
    s, clock = scheduler(slots=3, max_long=1)
    first, second = s.enqueue("a"), s.enqueue("b")
    first.attach(thread=1 << 30)  # a thread: no way to stop it
    second.attach(thread=1 << 30)
    clock.now = 1.0
    s.tick()
    assert first.long and second.long and second.stopped is None


def test_turn_waits_then_says_your_other_query_is_still_running():
    s, _ = scheduler(slots=2, per_client=1)
    with s.turn("visitor", wait=5) as held:
        assert current_ticket() is held
        with (
            pytest.raises(QueryBusy, match="your other query is still running") as busy,
            s.turn("visitor", wait=0),
        ):
            pass
        assert busy.value.yours
    assert current_ticket() is None and s.state()["running"] == 0


def test_turn_is_granted_when_the_other_query_ends():
    s, _ = scheduler(slots=1, per_client=1)
    first = s.enqueue("a")
    got = []

    def second() -> None:
        with s.turn("b", wait=60) as ticket:
            got.append(ticket.client)

    thread = threading.Thread(target=second)
    thread.start()
    s.release(first)
    thread.join()
    assert got == ["b"] and s.state()["running"] == 0


def test_turn_async_waits_without_a_thread_and_reports_every_slot_busy():
    s, _ = scheduler(slots=1, per_client=1)

    async def scenario() -> list[str]:
        said = []
        async with s.turn_async("a", wait=5):
            try:
                async with s.turn_async("b", wait=0.01):
                    said.append("ran")
            except QueryBusy as busy:
                said.append(str(busy))
        async with s.turn_async("b", wait=5) as ticket:
            said.append(ticket.client)
        return said

    said = asyncio.run(scenario())
    assert said[0].startswith("every query slot is busy") and said[1] == "b"
    assert s.state() == {"running": 0, "long": 0, "waiting": 0}


def test_run_takes_its_turn_as_the_client_and_waits_behind_that_clients_other_query(
    bundled_store,
):
    s, _ = scheduler(slots=2, per_client=1)
    with as_client(s, "visitor", wait=0):
        assert sparql.run(bundled_store, "ASK { ?s ?p ?o }", timeout=5).value
        held = s.enqueue("visitor")  # the visitor's other query holds their one slot
        with pytest.raises(QueryBusy, match="your other query is still running"):
            sparql.run(bundled_store, "ASK { ?s ?p ?o }", timeout=5)
        s.release(held)
        assert sparql.run(bundled_store, "ASK { ?s ?p ?o }", timeout=5).value
    assert s.state()["running"] == 0


@pytest.mark.skipif(sys.platform != "linux", reason="priorities of other processes")
def test_demoting_lowers_the_priority_of_the_querys_process():
    s, clock = scheduler(slots=2, max_long=1)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        ticket = s.enqueue("a")
        ticket.attach(pid=child.pid, stop=child.kill)
        clock.now = 1.0
        s.tick()
        assert os.getpriority(os.PRIO_PROCESS, child.pid) == LOW_PRIORITY
        assert child.poll() is None  # demoted, not stopped: it is the only long query
    finally:
        child.kill()
        child.wait()


def test_a_client_whose_query_ran_long_comes_after_the_others_and_leaves_the_last_slot():
    s, clock = scheduler(slots=3, per_client=1, max_long=2)
    heavy = s.enqueue("heavy")
    heavy.attach(thread=1 << 30)
    clock.now = 1.0
    s.tick()  # heavy's query is long
    first = s.enqueue("light-1")
    again = s.enqueue("heavy-2")  # another heavy client's query is not long yet: served
    assert first.granted and again.granted
    s.release(heavy)
    later, other = s.enqueue("heavy"), s.enqueue("light-2")
    assert other.granted and not later.granted  # heavy waits although it asked first
    s.release(first)
    assert not later.granted  # it would take the last free slot
    s.release(again)
    assert later.granted  # two free: heavy takes one, one stays for a new query
    clock.now = 100.0
    s.tick()
    s.release(later)
    s.release(other)
    three = [s.enqueue("heavy"), s.enqueue("x"), s.enqueue("y")]
    assert all(t.granted for t in three)  # after HEAVY_MEMORY, heavy is a client like any other
