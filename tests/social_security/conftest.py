"""Social security under test: the service in process, and a client for its Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from social_security.app import SPEC
from tests.conftest import ServeFactory
from tests.support import ServiceUnderTest


@pytest.fixture
async def service(serve: ServeFactory) -> ServiceUnderTest:
    return await serve(SPEC)


@pytest.fixture
async def redis(service: ServiceUnderTest) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.from_url(service.settings.redis_url)
    try:
        yield client
    finally:
        await client.aclose()
