"""Timing for the benchmarks: the fastest of interleaved rounds, wall-clock.

Baseline and candidate take turns within every round, in reverse order every other
round, so load from other processes and anything that drifts during a run (the access
log growing, caches warming) hits both alike.
"""

from __future__ import annotations

import gc
import time
import timeit
from collections.abc import Callable, Iterable

# Wall-clock: the page includes the database server's work, which the process's own CPU
# time would leave out. Load from other processes is handled by taking the fastest of
# interleaved rounds (see best()).
TIMER = time.perf_counter


def best(*funcs: Callable[[], object], number: int, repeat: int = 9) -> list[float]:
    """Seconds per call of each function: the fastest of ``repeat`` runs (timeit's advice).

    The functions take turns within every round, in reverse order every other round, so
    load from other processes and anything that drifts during the run (the access log
    growing, caches warming) hits baseline and candidate alike.
    """
    runs: list[list[float]] = [[] for _ in funcs]
    for round_ in range(repeat):
        for times, func in _turns(zip(runs, funcs, strict=True), round_):
            times.append(timeit.timeit(func, number=number, timer=TIMER) / number)
    return [min(times) for times in runs]


def _turns[T](pairs: Iterable[T], round_: int) -> list[T]:
    ordered = list(pairs)
    return ordered[::-1] if round_ % 2 else ordered


def best_prepared(
    *cases: tuple[Callable[[], object], Callable[[object], object]], number: int, repeat: int = 9
) -> list[float]:
    """Like :func:`best`, but each timed call gets an argument prepared outside the timing.

    ``cases`` are ``(prepare, run)`` pairs; per round ``number`` arguments are prepared
    first (fresh every time: nothing carries over between calls), then only ``run`` is
    timed. GC is off while timing, as in timeit.
    """
    runs: list[list[float]] = [[] for _ in cases]
    for round_ in range(repeat):
        for times, (prepare, run) in _turns(zip(runs, cases, strict=True), round_):
            args = [prepare() for _ in range(number)]
            gc_was_on = gc.isenabled()
            gc.disable()
            try:
                start = TIMER()
                for arg in args:
                    run(arg)
                times.append((TIMER() - start) / number)
            finally:
                if gc_was_on:
                    gc.enable()
    return [min(times) for times in runs]
