"""The request context every resolver receives as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import asyncpg
import redis.asyncio as aioredis
from starlette.requests import Request
from strawberry.types import Info as StrawberryInfo

from servicekit.audit import AccessTrail
from servicekit.caller import Caller
from servicekit.loaders import Loaders
from servicekit.settings import Settings


@dataclass(slots=True)
class RequestContext:
    department: str  # the ServiceSpec's name, whose scopes guard this service's data
    request: Request
    response: Any
    pool: asyncpg.Pool
    redis: aioredis.Redis
    settings: Settings
    caller: Caller
    loaders: Loaders
    # The persons this request read or wrote, appended to the access log after it (servicekit.audit).
    trail: AccessTrail = field(default_factory=AccessTrail)


Info = StrawberryInfo[RequestContext, None]
