"""`python -m servicekit.bus` as operators run it: a real process against a service's
database and streams, printing JSON."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Any

from social_security.app import SPEC as SOCIAL_SECURITY
from tests.bus.support import eventually
from tests.conftest import ServeFactory
from tests.events.test_departments import mutate
from tests.support import ServiceUnderTest


async def bus_command(service: ServiceUnderTest, *args: str) -> Any:
    env = {
        **os.environ,
        "DATABASE_URL": service.settings.database_url,
        "REDIS_URL": service.settings.redis_url,
        "BUS_NAMESPACE": service.settings.bus.namespace,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "servicekit.bus",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return json.loads(out)


async def test_status_republish_replay_and_dead_letters_from_the_command_line(
    serve: ServeFactory,
) -> None:
    service = await serve(SOCIAL_SECURITY)
    person = "6f1c2a4e-3b7d-4c59-9a0e-2d8f1b6c7e10"
    await mutate(
        service,
        "registerPoverty",
        "RegisterPovertyInput",
        {"personId": person, "householdNumber": "350121-0100", "registeredOn": "2016-01-01"},
    )
    await service.app.state.redis.xadd(
        f"{service.settings.bus.namespace}events.settlement", {b"envelope": b"junk"}
    )

    republished = await bus_command(service, "republish", "social_security")
    assert republished == {"republished": 1}
    status = await bus_command(service, "status", "social_security")
    assert status["service"] == "social-security"
    assert status["outbox"]["published"] + status["outbox"]["pending"] == 2
    assert status["consumer"]["streams"][0]["producer"] == "settlement"
    replayed = await bus_command(service, "replay", "social_security")
    assert (replayed["read"], replayed["rejected"], replayed["applied"]) == (1, 1, 0)
    # Settlement never ran here: nothing vouches that events.settlement holds its history.
    assert "has no relay marker" in replayed["warnings"][0]

    async def dead_lettered() -> bool:  # by the service's own consumer
        return bool(await service.pool.fetchval("SELECT count(*) FROM dead_letters"))

    await eventually(dead_lettered)
    letters = await bus_command(service, "dead-letters", "social_security", "--first", "5")
    assert [letter["error_code"] for letter in letters] == ["MALFORMED_EVENT"]
