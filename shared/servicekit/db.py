"""asyncpg pool creation. One pool per process, opened in the app lifespan."""

from __future__ import annotations

import asyncpg
import orjson


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
