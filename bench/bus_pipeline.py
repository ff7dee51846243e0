"""Benchmark: events through outbox → relay → Redis stream → consumer → projection.

    .venv/bin/python bench/bus_pipeline.py [--events 20000] [--rate 200] [--seconds 10]

Runs the real social-security service (the producer of poverty registrations) and the
real settlement service (which projects them) as processes, with their production bus
settings, on PostgreSQL and Redis from DATABASE_URL / REDIS_URL or embedded ones. Events
are committed straight into social-security's outbox, as its mutations do, so that the
numbers are those of the bus and not of GraphQL.

1. Throughput: commit `--events` events in transactions of 100 as fast as one connection
   can, and time until settlement has applied them all.
2. Lag: commit one event per transaction at `--rate` per second for `--seconds`, and
   measure, per event, from the producer's transaction to the consumer's (both clocks are
   the one PostgreSQL server's).

Prints the figures and ratios measured in this run, and writes bench/results/bus_pipeline.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import shutil
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import asyncpg
import redis.asyncio as aioredis

from devstack.processes import start_subgraph, stop, wait_ready
from devstack.servers import drop_database, ensure_database, free_port, infrastructure
from devstack.topology import ROOT, departments
from fujian.events.social_security.v1.events_pb2 import PovertyRegistered
from servicekit.bus.outbox import emit

RESULTS = ROOT / "bench" / "results" / "bus_pipeline.json"
PRODUCER = "social-security"


def registration() -> PovertyRegistered:
    return PovertyRegistered(
        registration_id=str(uuid.uuid4()),
        person_id=str(uuid.uuid4()),
        household_number="350121-0001",
        registered_on=date(2019, 6, 1).isoformat(),
        version=1,
    )


async def commit(pool: asyncpg.Pool, n: int) -> None:
    async with pool.acquire() as conn, conn.transaction():
        for _ in range(n):
            await emit(conn, registration(), producer=PRODUCER)


async def applied(consumer: asyncpg.Pool) -> int:
    count: int = await consumer.fetchval(
        "SELECT count(*) FROM processed_events WHERE producer = $1", PRODUCER
    )
    return count


async def wait_applied(consumer: asyncpg.Pool, target: int, within: float = 600) -> float:
    deadline = time.perf_counter() + within
    while await applied(consumer) < target:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"only {await applied(consumer)} of {target} applied")
        await asyncio.sleep(0.01)
    return time.perf_counter()


async def xadd_baseline(redis_url: str, n: int) -> float:
    """Raw XADD rate of this Redis from one client, pipelined by 100 (the relay's way)."""
    client = aioredis.from_url(redis_url)
    stream = f"bench:{uuid.uuid4().hex}"
    payload = registration().SerializeToString()
    try:
        start = time.perf_counter()
        for _ in range(n // 100):
            async with client.pipeline(transaction=False) as pipe:
                for _ in range(100):
                    pipe.xadd(stream, {b"envelope": payload})
                await pipe.execute()
        return n / (time.perf_counter() - start)
    finally:
        await client.delete(stream)
        await client.aclose()


async def run(args: argparse.Namespace, admin_dsn: str, redis_url: str, log_dir: Path) -> dict[str, object]:
    by_name = {s.name: s for s in departments()}
    suffix = uuid.uuid4().hex[:8]
    dsns = {
        name: await ensure_database(admin_dsn, f"bench_{name.replace('-', '_')}_{suffix}")
        for name in (PRODUCER, "settlement")
    }
    env = {
        "BUS_NAMESPACE": f"bench{suffix}:",
        "LOG_LEVEL": "WARNING",
        "APP_ENV": "production",
        "OTEL_SDK_DISABLED": "true",
    }
    processes = []
    try:
        for name in (PRODUCER, "settlement"):
            process = start_subgraph(
                by_name[name],
                database_url=dsns[name],
                redis_url=redis_url,
                log_dir=log_dir,
                port=free_port(),
                extra_env=env,
            )
            processes.append(process)
        for process in processes:
            wait_ready(process, process.url.replace("/graphql", "/readyz"))
        producer = await asyncpg.create_pool(dsns[PRODUCER], min_size=1, max_size=2)
        consumer = await asyncpg.create_pool(dsns["settlement"], min_size=1, max_size=2)
        try:
            # 1. Throughput.
            start = time.perf_counter()
            for _ in range(args.events // 100):
                await commit(producer, 100)
            committed = time.perf_counter()
            done = await wait_applied(consumer, args.events)
            commit_rate = args.events / (committed - start)
            pipeline_rate = args.events / (done - start)

            # 2. Lag at a steady rate.
            already = await applied(consumer)
            interval = 1 / args.rate
            started = datetime.now(UTC)
            n = int(args.rate * args.seconds)
            next_at = time.perf_counter()
            for _ in range(n):
                await commit(producer, 1)
                next_at += interval
                await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            await wait_applied(consumer, already + n)
            produced = await producer.fetch(
                "SELECT event_id, created_at FROM event_outbox WHERE created_at >= $1", started
            )
            consumed = {
                r["event_id"]: r["applied_at"]
                for r in await consumer.fetch(
                    "SELECT event_id, applied_at FROM processed_events WHERE event_id = ANY($1)",
                    [r["event_id"] for r in produced],
                )
            }
            lags = sorted(
                (consumed[r["event_id"]] - r["created_at"]).total_seconds() * 1000 for r in produced
            )
        finally:
            await producer.close()
            await consumer.close()
        baseline = await xadd_baseline(redis_url, 20_000)
    finally:
        for process in processes:
            stop(process)
        for dsn_name in dsns:
            await drop_database(admin_dsn, f"bench_{dsn_name.replace('-', '_')}_{suffix}")

    def pct(p: float) -> float:
        return round(lags[min(len(lags) - 1, int(p * len(lags)))], 1)

    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "throughput": {
            "events": args.events,
            "commit_events_per_s": round(commit_rate),
            "pipeline_events_per_s": round(pipeline_rate),
            "pipeline_vs_commit": round(pipeline_rate / commit_rate, 2),
            "redis_xadd_per_s": round(baseline),
            "pipeline_vs_redis_xadd": round(pipeline_rate / baseline, 3),
        },
        "lag_ms": {
            "rate_per_s": args.rate,
            "events": len(lags),
            "p50": pct(0.50),
            "p95": pct(0.95),
            "p99": pct(0.99),
            "max": round(lags[-1], 1),
            "mean": round(statistics.fmean(lags), 1),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="citizen-bench-"))
    data_dir.chmod(0o755)
    try:
        with infrastructure(data_dir, persistent=False) as infra:
            result = asyncio.run(run(args, infra.admin_dsn, infra.redis_url, data_dir / "logs"))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    t, lag = result["throughput"], result["lag_ms"]
    assert isinstance(t, dict) and isinstance(lag, dict)
    print(f"events through outbox → stream → projection ({t['events']} events):")
    print(f"  commit rate (1 connection, 100/tx)   {t['commit_events_per_s']:>8} events/s")
    print(
        f"  pipeline rate (until all applied)    {t['pipeline_events_per_s']:>8} events/s"
        f"   = {t['pipeline_vs_commit']}× the commit rate"
    )
    print(
        f"  raw Redis XADD (pipelined by 100)    {t['redis_xadd_per_s']:>8} /s"
        f"         pipeline = {t['pipeline_vs_redis_xadd']}× of it"
    )
    print(f"lag from commit to projection at {lag['rate_per_s']:g} events/s ({lag['events']} events):")
    print(f"  p50 {lag['p50']} ms   p95 {lag['p95']} ms   p99 {lag['p99']} ms   max {lag['max']} ms")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
