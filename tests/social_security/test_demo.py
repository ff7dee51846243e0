"""Social security's demo loader and its e2e hook `record_case` use only mutations the
service accepts: every rule-test case of clauses 九–十一 is recorded for a new person, and
the demo personas load."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from devstack.demo import social_security as demo
from devstack.demo.gateway import Gateway
from devstack.demo.personas import Resident, generate
from tests.rules.cases import case_files
from tests.support import ServiceUnderTest


class InProcessGateway(Gateway):
    """The demo's synchronous gateway, answered by the service under test on the test's loop."""

    def __init__(self, service: ServiceUnderTest, loop: asyncio.AbstractEventLoop) -> None:
        self.service = service
        self.loop = loop

    def __call__(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        return asyncio.run_coroutine_threadsafe(
            self.service.client.data(query, variables), self.loop
        ).result()


async def test_every_social_security_case_can_be_recorded(service: ServiceUnderTest) -> None:
    gateway = InProcessGateway(service, asyncio.get_running_loop())
    cases = [
        case
        for path, file in case_files()
        if path.name in {"clause-09.yaml", "clause-10.yaml", "clause-11.yaml"}
        for case in file.cases
    ]
    assert len(cases) > 30
    for case in cases:
        await asyncio.to_thread(demo.record_case, gateway, str(uuid.uuid4()), case)
    assert await service.pool.fetchval("SELECT count(*) FROM work_injuries") == 3


async def test_the_demo_personas_load(service: ServiceUnderTest) -> None:
    gateway = InProcessGateway(service, asyncio.get_running_loop())
    residents = [Resident(id=str(uuid.uuid4()), person=p) for p in generate()]
    await asyncio.to_thread(demo.load, gateway, residents)
    counts = await service.pool.fetchrow(
        """SELECT (SELECT count(*) FROM insurance_enrolments) AS enrolments,
                  (SELECT count(*) FROM assistance_grants) AS assistance,
                  (SELECT count(*) FROM disability_statuses) AS disabilities"""
    )
    assert counts is not None
    assert (counts["enrolments"], counts["assistance"], counts["disabilities"]) == (5, 3, 2)
