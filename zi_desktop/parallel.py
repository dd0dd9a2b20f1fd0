"""Jobs on a few threads, taken in order, stopped together: below every layer (the workspace's
copies of evidence files and the exchange's check of a bundle's members use it).

Plain `threading`, not `concurrent.futures`: that imports `logging`, 8 ms of a command's start
(issue 15). sha256 and file reads release the GIL on large blocks, so the jobs run on every core.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from zi_desktop.errors import Cancelled

T = TypeVar("T")


def run_in_order(
    count: int, job: Callable[[int], T], *, workers: int, stop: threading.Event, name: str = "zi-kerja"
) -> list[T]:
    """`job(i)` for i in 0..count-1 on up to `workers` threads, which take the indexes in order;
    the results come back in index order.

    The first failure sets `stop`: the other threads take no new job, and a job that watches `stop`
    (at its next block) ends early. Once every thread has ended, the failure is raised in the
    caller's thread: the first by index that is not a `Cancelled` (a job that only saw `stop`),
    else that `Cancelled`; when `stop` was set from outside (a cancel) and some jobs never ran,
    `Cancelled` is raised: the results are never short. An interrupt of the caller while it waits (Ctrl+C) sets `stop`, waits for
    the threads and is raised. `stop` is set only then: after a run without failure it is as it was.
    """
    results: list[T | None] = [None] * count
    ran = [False] * count
    errors: list[BaseException | None] = [None] * count
    claim = threading.Lock()
    queue = iter(range(count))

    def worker() -> None:
        while not stop.is_set():
            with claim:
                i = next(queue, None)
            if i is None:
                return
            try:
                results[i] = job(i)
                ran[i] = True
            except BaseException as exc:  # noqa: BLE001  (raised in the caller's thread below)
                errors[i] = exc
                stop.set()
                return

    threads = [
        threading.Thread(target=worker, name=f"{name}-{k}", daemon=True) for k in range(max(1, min(workers, count)))
    ]
    for t in threads:
        t.start()
    try:
        for t in threads:
            t.join()
    except BaseException:
        stop.set()
        for t in threads:
            t.join()
        raise
    failed = [e for e in errors if e is not None]
    if failed:
        raise next((e for e in failed if not isinstance(e, Cancelled)), failed[0])
    if not all(ran):
        raise Cancelled()
    return results  # type: ignore[return-value]  # every job ran: no slot is None
