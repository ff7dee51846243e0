"""Operate a service's event pipeline from a shell (or a Kubernetes Job):

    python -m servicekit.bus status        social_security   # outbox, streams, dead letters (JSON)
    python -m servicekit.bus dead-letters  social_security [--first 20]
    python -m servicekit.bus replay        social_security   # rebuild its projections
    python -m servicekit.bus redrive       social_security   # apply its dead letters again
    python -m servicekit.bus republish     social_security   # publish the current state of all it owns
    python -m servicekit.bus migrate       social_security   # apply its migrations, nothing else

The argument is the service's Python package (its `app.SPEC` names the service and its
subscription). Connections come from the service's own variables: DATABASE_URL, REDIS_URL
and BUS_NAMESPACE. Migrations are applied first, as the service itself would; `migrate`
does only that and needs no Redis (the Helm chart runs it as a Job before each rollout).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
from datetime import datetime
from typing import Any

import orjson
import redis.asyncio as aioredis

from servicekit.app import load_spec, migrate_service
from servicekit.bus.replay import redrive, replay
from servicekit.bus.snapshot import republish
from servicekit.bus.status import dead_letters, pipeline_status
from servicekit.db import create_pool


def _plain(value: Any) -> Any:
    """Dataclasses (the status types are strawberry dataclasses) as JSON-ready dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Fields with a resolver (deadLetters) are methods here: `dead-letters` shows those.
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.name.startswith("_") and not callable(getattr(value, f.name))
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


async def _run(command: str, package: str, first: int) -> Any:
    spec = load_spec(package)
    settings = spec.load_settings()
    if command == "migrate":
        pool = await create_pool(settings.database_url, min_size=1, max_size=1)
        try:
            async with pool.acquire() as conn:
                return {"service": spec.name, "applied": await migrate_service(conn, spec)}
        finally:
            await pool.close()
    pool = await create_pool(settings.database_url, min_size=1, max_size=2)
    redis = aioredis.from_url(settings.redis_url)
    try:
        async with pool.acquire() as conn:
            await migrate_service(conn, spec)
        namespace = settings.bus.namespace
        if command == "status":
            return await pipeline_status(spec.name, spec.subscription, pool, redis, namespace)
        if command == "dead-letters":
            return await dead_letters(pool, first)
        if command == "republish":
            if spec.snapshot is None:
                raise SystemExit(f"{spec.name} publishes no events: nothing to republish")
            return {"republished": await republish(pool, spec.snapshot, producer=spec.name)}
        if spec.subscription is None:
            raise SystemExit(f"{spec.name} consumes no events: nothing to {command}")
        if command == "redrive":
            return await redrive(pool, redis, spec.subscription, namespace=namespace)
        return await replay(pool, redis, spec.subscription, namespace=namespace)
    finally:
        await redis.aclose()
        await pool.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m servicekit.bus",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "command", choices=["status", "dead-letters", "replay", "redrive", "republish", "migrate"]
    )
    parser.add_argument("package", help="the service's Python package, e.g. social_security")
    parser.add_argument("--first", type=int, default=20, help="dead letters to show, newest first")
    args = parser.parse_args(argv)
    result = asyncio.run(_run(args.command, args.package, args.first))
    sys.stdout.write(orjson.dumps(_plain(result), option=orjson.OPT_INDENT_2).decode() + "\n")


if __name__ == "__main__":
    main()
