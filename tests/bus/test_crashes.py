"""Thousands of events while processes are SIGKILLed at random: the projection ends exactly
as the events say, with nothing lost and nothing applied twice.

The producer and two consumer replicas run as real service processes (uvicorn, the kit's
lifespan, relay and consumer), configured through environment variables. The test commits
events into the producer's database, as its mutations would, while a chaos loop kills a
random process with SIGKILL (no cleanup of any kind: a relay between XADD and its UPDATE,
a consumer between COMMIT and XACK) and starts it again.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import asyncpg
import pytest
import redis.asyncio as aioredis

from devstack.servers import Infra, free_port
from servicekit.bus.streams import event_stream
from servicekit.db import create_pool
from tests.bus import probe
from tests.bus.support import eventually
from tests.conftest import FreshDatabase
from tests.support import GATEWAY_SECRET as SECRET

ROOT = Path(__file__).resolve().parents[2]
REGISTRATIONS = 1500  # + a lift for every other one: 2,250 events
KILLS = 12


@dataclass
class ServiceProcess:
    role: str
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None
    starts: int = 0

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(
                [sys.executable, "-m", "tests.bus.probe_main", self.role],
                cwd=ROOT,
                env={
                    **os.environ,
                    **self.env,
                    "PORT": str(free_port()),
                    "GATEWAY_HMAC_SECRET": SECRET,
                },
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.starts += 1

    def kill(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


@dataclass
class Fleet:
    processes: list[ServiceProcess] = field(default_factory=list)

    def stop(self) -> None:
        for process in self.processes:
            process.kill()


@pytest.fixture
def fleet() -> Iterator[Fleet]:
    started = Fleet()
    try:
        yield started
    finally:
        started.stop()


async def test_random_crashes_lose_nothing_and_apply_nothing_twice(
    infra: Infra,
    fresh_database: FreshDatabase,
    fleet: Fleet,
    tmp_path: Path,
) -> None:
    producer_dsn = await fresh_database("crash_producer")
    consumer_dsn = await fresh_database("crash_consumer")
    namespace = f"t{uuid.uuid4().hex[:8]}:"
    common = {
        "REDIS_URL": infra.redis_url,
        "BUS_NAMESPACE": namespace,
        "BUS_POLL_INTERVAL_MS": "50",
        "BUS_REDELIVERY_IDLE_MS": "1000",
        "BUS_BATCH_SIZE": "50",
        # Crashes redeliver entries; only a handler that really fails may be dead-lettered.
        "BUS_MAX_ATTEMPTS": "1000",
        "LOG_LEVEL": "WARNING",
        "OTEL_SDK_DISABLED": "true",
    }
    fleet.processes = [
        ServiceProcess("producer", {**common, "DATABASE_URL": producer_dsn}, tmp_path / "producer.log"),
        *(
            ServiceProcess(
                "consumer", {**common, "DATABASE_URL": consumer_dsn}, tmp_path / f"consumer-{n}.log"
            )
            for n in (1, 2)
        ),
    ]
    for process in fleet.processes:
        process.start()

    producer_pool = await create_pool(producer_dsn, min_size=1, max_size=4)
    consumer_pool = await create_pool(consumer_dsn, min_size=1, max_size=2)
    redis = aioredis.from_url(infra.redis_url)
    try:
        await wait_for_migrations(producer_pool, consumer_pool)
        chaos = asyncio.create_task(kill_at_random(fleet))
        expected = await produce(producer_pool)
        await chaos
        for process in fleet.processes:  # all alive again for the final drain
            if process.popen is None or process.popen.poll() is not None:
                process.start()

        stream = event_stream(namespace, probe.PRODUCER)

        async def drained() -> bool:
            if await producer_pool.fetchval("SELECT count(*) FROM event_outbox WHERE published_at IS NULL"):
                return False
            pending = await redis.xpending(stream, "probe-consumer")
            handled = await consumer_pool.fetchval("SELECT count(*) FROM handled_events")
            return int(pending["pending"]) == 0 and handled == len(expected.events)

        await eventually(drained, within=120)

        rows = await consumer_pool.fetch("SELECT * FROM seen_registrations")
        assert {
            r["registration_id"]: (r["version"], r["lifted_on"], r["source_event_id"]) for r in rows
        } == expected.final
        times = await consumer_pool.fetch("SELECT event_id, times FROM handled_events")
        assert {r["event_id"] for r in times} == expected.events  # nothing lost
        assert [r for r in times if r["times"] != 1] == []  # nothing applied twice
        assert await consumer_pool.fetchval("SELECT count(*) FROM dead_letters") == 0
        kills = sum(p.starts - 1 for p in fleet.processes)
        # Entries beyond the events: rows a killed relay had published but not marked.
        print(
            f"{len(expected.events)} events, {kills} kills, "
            f"{await redis.xlen(stream) - len(expected.events)} published twice"
        )
    finally:
        await redis.aclose()
        await producer_pool.close()
        await consumer_pool.close()


@dataclass
class Expected:
    events: set[uuid.UUID] = field(default_factory=set)
    # registration → (version, lifted_on, id of the event of that version)
    final: dict[uuid.UUID, tuple[int, date | None, uuid.UUID]] = field(default_factory=dict)


async def produce(pool: asyncpg.Pool) -> Expected:
    """Commit the events in transactions of 1–20, as mutations would, and return what the
    projection must end as: the highest version of each registration, and its event."""
    registrations = [(uuid.uuid4(), uuid.uuid4(), f"H-{n:05d}") for n in range(REGISTRATIONS)]
    events: list[probe.ProbeEvent] = [probe.opened(*r) for r in registrations] + [
        probe.closed(*r) for r in registrations[::2]
    ]
    expected = Expected()
    rng = random.Random(20190517)
    position = 0
    while position < len(events):
        batch = events[position : position + rng.randint(1, 20)]
        position += len(batch)
        for event, event_id in zip(batch, await probe.produce(pool, *batch), strict=True):
            expected.events.add(event_id)
            lifted_on = (
                date.fromisoformat(event.registration.closed_on)
                if isinstance(event, probe.RegistrationClosed)
                else None
            )
            expected.final[uuid.UUID(event.registration.registration_id)] = (
                event.version,
                lifted_on,
                event_id,
            )
        await asyncio.sleep(0.02)  # spread over the chaos: a real load is not one burst
    return expected


async def kill_at_random(fleet: Fleet) -> None:
    rng = random.Random(334)
    for _ in range(KILLS):
        await asyncio.sleep(rng.uniform(0.3, 0.8))
        victim = rng.choice(fleet.processes)
        victim.kill()
        victim.start()


async def wait_for_migrations(*pools: asyncpg.Pool) -> None:
    async def migrated() -> bool:
        for pool in pools:
            if not await pool.fetchval("SELECT to_regclass('event_outbox') IS NOT NULL"):
                return False
        return bool(await pools[-1].fetchval("SELECT to_regclass('seen_registrations') IS NOT NULL"))

    await eventually(migrated, within=60)
