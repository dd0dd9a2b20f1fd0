"""zi_desktop.parallel.run_in_order: the one thread pool of the evidence copies and the bundle check."""

from __future__ import annotations

import threading
import time

import pytest

from zi_desktop.errors import Cancelled
from zi_desktop.parallel import run_in_order


def test_results_come_back_in_order_from_every_thread() -> None:
    names: set[str] = set()

    def job(i: int) -> int:
        names.add(threading.current_thread().name)
        time.sleep(0.002 * (i % 3))
        return i * i

    stop = threading.Event()
    assert run_in_order(40, job, workers=3, stop=stop, name="uji") == [i * i for i in range(40)]
    assert not stop.is_set()  # a run without failure leaves the event as it was
    assert names <= {"uji-0", "uji-1", "uji-2"} and len(names) >= 2


def test_the_first_real_failure_is_raised_and_stops_the_others() -> None:
    stop = threading.Event()
    started: list[int] = []

    def job(i: int) -> int:
        started.append(i)
        if i == 3:
            raise OSError("disk penuh")
        if stop.wait(0.5):  # the others see the stop at their next block
            raise Cancelled()
        return i

    with pytest.raises(OSError, match="disk penuh"):
        run_in_order(50, job, workers=2, stop=stop)
    assert stop.is_set() and len(started) < 50


def test_a_cancel_from_outside_is_raised_and_never_gives_short_results() -> None:
    stop = threading.Event()

    def job(i: int) -> int:
        if i == 5:
            stop.set()  # as a Batal button would, between two jobs
        return i

    with pytest.raises(Cancelled):
        run_in_order(100, job, workers=2, stop=stop)
