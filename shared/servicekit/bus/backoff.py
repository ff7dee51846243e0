"""What the bus's endless loops share: backoff while PostgreSQL or Redis is unreachable,
and stopping for sure when cancelled."""

from __future__ import annotations

import asyncio
import random


class Backoff:
    """0.1 s, 0.2 s, 0.4 s … up to `ceiling`, with jitter; `reset()` after a success."""

    def __init__(self, *, floor: float = 0.1, ceiling: float = 5.0) -> None:
        self._floor = floor
        self._ceiling = ceiling
        self._next = floor

    def reset(self) -> None:
        self._next = self._floor

    async def sleep(self) -> None:
        delay = self._next * random.uniform(0.5, 1.0)
        self._next = min(self._next * 2, self._ceiling)
        await asyncio.sleep(delay)


def stop_if_cancelled() -> None:
    """Raise CancelledError if the current task was asked to stop.

    On Python 3.11 `asyncio.wait_for` (which redis-py wraps around every command) can
    swallow a cancellation that arrives just as the awaited call completes (CPython
    gh-86296, fixed in 3.12). The task's cancel request stays counted, so a loop that
    checks it at each turn still stops instead of running after shutdown.
    """
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
