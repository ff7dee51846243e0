"""Permit expiry: the sweep emits ResidencePermitExpired once per end of validity, never for
a revoked permit, and again only after a renewal has ended too; the worker runs it on a
schedule and outlives database errors.

The sweep tests end validity far in the future and sweep "as of" a later date, so that the
service's own worker (sweeping as of today) has nothing to do with their permits.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Iterator
from datetime import date

import pytest

from fujian.events.settlement.v1 import events_pb2 as pb
from settlement.app import SPEC
from settlement.expiry import sweep_expired_permits
from tests.bus.support import eventually
from tests.conftest import ServeFactory
from tests.settlement.helpers import RENEW, REVOKE, issue_permit, outbox, register
from tests.support import ServiceUnderTest

EXPIRED = "fujian.events.settlement.v1.ResidencePermitExpired"


async def expired_events(service: ServiceUnderTest) -> list[pb.ResidencePermitExpired]:
    return [e.event for e in await outbox(service.pool) if e.type == EXPIRED]


async def test_the_sweep_publishes_each_expired_permit_once_and_never_a_revoked_one(
    settlement: ServiceUnderTest,
) -> None:
    person_id = await register(settlement.client)
    ended = await issue_permit(settlement.client, person_id, valid_until="2080-01-01")
    await issue_permit(settlement.client, person_id, valid_until="2090-01-01")  # still valid
    revoked = await issue_permit(settlement.client, person_id, valid_until="2080-01-01")
    await settlement.client.data(
        REVOKE, {"input": {"permitId": revoked, "revokedOn": "2024-06-01", "reason": "moved away"}}
    )

    assert await sweep_expired_permits(settlement.pool, as_of=date(2085, 1, 1)) == 1
    assert await sweep_expired_permits(settlement.pool, as_of=date(2085, 1, 1)) == 0
    assert await expired_events(settlement) == [
        pb.ResidencePermitExpired(
            permit=pb.ResidencePermit(
                permit_id=ended,
                person_id=person_id,
                city_code="350100",
                issued_on="2024-01-01",
                valid_until="2080-01-01",
            ),
            version=2,
        )
    ]
    row = await settlement.pool.fetchrow(
        "SELECT version, expiry_published FROM residence_permits WHERE id = $1", uuid.UUID(ended)
    )
    assert (row["version"], row["expiry_published"]) == (2, True)


async def test_a_permit_is_valid_through_its_last_day(settlement: ServiceUnderTest) -> None:
    person_id = await register(settlement.client)
    await issue_permit(settlement.client, person_id, valid_until="2080-01-01")
    assert await sweep_expired_permits(settlement.pool, as_of=date(2080, 1, 1)) == 0
    assert await sweep_expired_permits(settlement.pool, as_of=date(2080, 1, 2)) == 1


async def test_expiry_is_published_again_only_after_a_renewal_has_ended_too(
    settlement: ServiceUnderTest,
) -> None:
    person_id = await register(settlement.client)
    permit_id = await issue_permit(settlement.client, person_id, valid_until="2080-01-01")
    assert await sweep_expired_permits(settlement.pool, as_of=date(2081, 1, 1)) == 1
    await settlement.client.data(RENEW, {"input": {"permitId": permit_id, "validUntil": "2090-01-01"}})
    assert await sweep_expired_permits(settlement.pool, as_of=date(2081, 1, 1)) == 0
    assert await sweep_expired_permits(settlement.pool, as_of=date(2090, 1, 1)) == 0
    assert await sweep_expired_permits(settlement.pool, as_of=date(2090, 1, 2)) == 1
    assert await sweep_expired_permits(settlement.pool, as_of=date(2095, 1, 1)) == 0

    permit_events = [e for e in await outbox(settlement.pool) if "Permit" in e.type]
    assert [
        (e.type.rsplit(".", 1)[1], e.event.permit.valid_until, e.event.version) for e in permit_events
    ] == [
        ("ResidencePermitIssued", "2080-01-01", 1),
        ("ResidencePermitExpired", "2080-01-01", 2),
        ("ResidencePermitRenewed", "2090-01-01", 3),
        ("ResidencePermitExpired", "2090-01-01", 4),
    ]


async def test_the_sweep_works_through_every_due_permit_in_batches(
    settlement: ServiceUnderTest,
) -> None:
    person_id = await register(settlement.client)
    permits = {
        await issue_permit(settlement.client, person_id, valid_until=f"20{80 + i}-01-01") for i in range(7)
    }
    assert await sweep_expired_permits(settlement.pool, as_of=date(2095, 1, 1), batch_size=3) == 7
    assert {e.permit.permit_id for e in await expired_events(settlement)} == permits


async def test_concurrent_sweeps_never_publish_one_permit_twice(
    settlement: ServiceUnderTest,
) -> None:
    person_id = await register(settlement.client)
    permits = {await issue_permit(settlement.client, person_id) for _ in range(40)}
    # As two replicas would: each skips the permits the other holds.
    counts = await asyncio.gather(
        *(sweep_expired_permits(settlement.pool, as_of=date(2085, 1, 1), batch_size=4) for _ in range(3))
    )
    # A sweep that stops at a short batch may leave permits to the next one.
    leftover = await sweep_expired_permits(settlement.pool, as_of=date(2085, 1, 1))
    assert sum(counts) + leftover == 40
    expired = await expired_events(settlement)
    assert sorted(e.permit.permit_id for e in expired) == sorted(permits)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def expiry_log() -> Iterator[_Records]:
    # On the worker's own logger: the service replaces the root logger's handlers at start.
    handler = _Records()
    logger = logging.getLogger("settlement.expiry")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


async def test_the_worker_sweeps_on_its_schedule_and_outlives_database_errors(
    serve: ServeFactory,
    monkeypatch: pytest.MonkeyPatch,
    expiry_log: _Records,
) -> None:
    monkeypatch.setenv("PERMIT_EXPIRY_SWEEP_SECONDS", "0.05")
    settlement = await serve(SPEC)
    person_id = await register(settlement.client)
    first = await issue_permit(settlement.client, person_id, issued_on="2020-01-01", valid_until="2021-01-01")

    async def published(permit_id: str) -> bool:
        return permit_id in {e.permit.permit_id for e in await expired_events(settlement)}

    await eventually(lambda: published(first))

    # The sweep's table is gone for a while: every sweep fails until it is back.
    await settlement.pool.execute("ALTER TABLE residence_permits RENAME TO residence_permits_away")

    async def failed() -> bool:
        return any("sweep failed" in r.getMessage() for r in expiry_log.records)

    await eventually(failed)
    await settlement.pool.execute("ALTER TABLE residence_permits_away RENAME TO residence_permits")
    second = await issue_permit(
        settlement.client, person_id, issued_on="2020-01-01", valid_until="2021-01-01"
    )
    await eventually(lambda: published(second))
    assert sorted(e.permit.permit_id for e in await expired_events(settlement)) == sorted([first, second])
