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


def batch_many(sql: str, *, key: str) -> BatchFn[Any, list[asyncpg.Record]]:
    """A one-to-many batch function: `sql` takes the list of keys as $1 (`WHERE person_id =
    ANY($1)`), and each key gets its rows, in the order `sql` returns them.

        permits_by_person = batch_many(
            "SELECT * FROM residence_permits WHERE person_id = ANY($1) ORDER BY issued_on",
            key="person_id")
        rows = await info.context.loaders.get(permits_by_person).load(person_id)
    """

    async def fetch(pool: asyncpg.Pool, keys: list[Any]) -> list[list[asyncpg.Record]]:
        return group_by(await pool.fetch(sql, keys), key, keys)

    return fetch


def batch_one(sql: str, *, key: str) -> BatchFn[Any, asyncpg.Record | None]:
    """A one-to-one batch function: like `batch_many`, but each key gets its row or None."""

    async def fetch(pool: asyncpg.Pool, keys: list[Any]) -> list[asyncpg.Record | None]:
        return one_by(await pool.fetch(sql, keys), key, keys)

    return fetch


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
