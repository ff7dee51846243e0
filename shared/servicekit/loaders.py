"""Per-request DataLoaders, so that `_entities` and list fields cost a fixed number of SQL
statements whatever the number of persons.

A batch function takes the pool and the list of keys and returns one value per key, in
key order. `Loaders.get(fn)` returns this request's DataLoader for that function.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

import asyncpg
from strawberry.dataloader import DataLoader

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

BatchFn = Callable[[asyncpg.Pool, list[K]], Awaitable[Sequence[V]]]


class Loaders:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool
        self._loaders: dict[Callable[..., Any], DataLoader[Any, Any]] = {}

    def get(self, batch: BatchFn[K, V]) -> DataLoader[K, V]:
        loader = self._loaders.get(batch)
        if loader is None:
            pool = self._pool

            async def load(keys: list[K]) -> Sequence[V]:
                return await batch(pool, keys)

            loader = DataLoader(load_fn=load)
            self._loaders[batch] = loader
        return loader


def group_by(rows: Sequence[asyncpg.Record], key: str, keys: Sequence[Any]) -> list[list[Any]]:
    """One list of rows per key, in key order (for one-to-many batch functions)."""
    grouped: dict[Any, list[Any]] = {k: [] for k in keys}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return [grouped[k] for k in keys]


def one_by(rows: Sequence[asyncpg.Record], key: str, keys: Sequence[Any]) -> list[Any]:
    """The row for each key or None, in key order (for one-to-one batch functions)."""
    found = {row[key]: row for row in rows}
    return [found.get(k) for k in keys]
