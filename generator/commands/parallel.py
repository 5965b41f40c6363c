"""Worker processes for a batch: each builds whole documents, the parent collects the outcomes.

Workers are started fresh ("spawn": the same on Linux, macOS and Windows, and no copy of a
parent in the middle of its work) and each opens the project once. They ignore Ctrl-C and
SIGTERM: the parent notes the signal, lets each worker finish the document it is writing
(every file is written whole or not at all), cancels the rest and stops.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

from generator import interrupts

if TYPE_CHECKING:
    from concurrent.futures import Future

Item = TypeVar("Item")
Result = TypeVar("Result")


def default_jobs() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def in_workers(task: Callable[[Item], Result], items: list[Item], jobs: int,
               initializer: Callable[..., None], initargs: tuple) -> Iterator[tuple[int, Future]]:
    """(index of the item, its finished future) for each item, as they finish. A pending
    interruption is raised between results, once the documents being written are done."""
    # Imported here: a build of a few documents (and every `make` with little to do) never
    # starts workers, and these take 45 ms to import.
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start, initargs=(initializer, initargs))
    try:
        pending = {pool.submit(task, item): index for index, item in enumerate(items)}
        while pending:
            done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            interrupts.check()
            for future in done:
                yield pending.pop(future), future
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start(initializer: Callable[..., None], initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    initializer(*initargs)
