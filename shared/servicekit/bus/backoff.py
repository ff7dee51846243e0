"""Exponential backoff for the bus's loops while PostgreSQL or Redis is unreachable."""

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
