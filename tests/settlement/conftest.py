"""Settlement under test: the service in process (relay, consumer and expiry worker
running), and a client for the test's Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from settlement.app import SPEC
from tests.conftest import ServeFactory
from tests.support import ServiceUnderTest


@pytest.fixture
async def settlement(serve: ServeFactory) -> ServiceUnderTest:
    return await serve(SPEC)


@pytest.fixture
async def redis(settlement: ServiceUnderTest) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.from_url(settlement.settings.redis_url)
    try:
        yield client
    finally:
        await client.aclose()
