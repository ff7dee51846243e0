"""asyncpg pool creation. One pool per process, opened in the app lifespan."""

from __future__ import annotations

import re
from typing import TypeAlias

import asyncpg
import orjson
from asyncpg.pool import PoolConnectionProxy

# What code that runs SQL on one connection accepts: a connection of its own (the relay's,
# a migration's) or one acquired from the pool, which asyncpg hands out as a proxy.
Connection: TypeAlias = asyncpg.Connection | PoolConnectionProxy

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def plain_identifier(name: str) -> str:
    """`name`, if it is a plain lower-case SQL identifier; ValueError otherwise. For the
    table and column names the kit puts into SQL text (they cannot be parameters)."""
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return name


async def _init_connection(conn: asyncpg.Connection) -> None:
    for json_type in ("json", "jsonb"):
        await conn.set_type_codec(
            json_type,
            encoder=lambda value: orjson.dumps(value).decode(),
            decoder=orjson.loads,
            schema="pg_catalog",
        )


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(
        dsn,
        min_size=min_size,
        max_size=max_size,
        init=_init_connection,
        # Statements are prepared per connection; the cache keeps hot lookups cheap.
        statement_cache_size=256,
        server_settings={"timezone": "Asia/Shanghai"},
    )
    assert pool is not None
    return pool
