"""教育 Education under test: the service in process (relay and consumer running)."""

from __future__ import annotations

import pytest

from education.app import SPEC
from tests.conftest import ServeFactory
from tests.support import ServiceUnderTest


@pytest.fixture
async def service(serve: ServeFactory) -> ServiceUnderTest:
    return await serve(SPEC)
