"""Settlement's events as its relay would put them on the test's `events.settlement` stream,
so that social security's consumer can be tested without a settlement service."""

from __future__ import annotations

import uuid

import redis.asyncio as aioredis

from fujian.events.settlement.v1 import events_pb2 as settlement
from tests.bus.support import ProducerStream

FUZHOU_GULOU = "350102"
XIAMEN_SIMING = "350203"


def settlement_stream(redis: aioredis.Redis, namespace: str) -> ProducerStream:
    """Settlement's stream in the test's namespace, written as its relay would."""
    return ProducerStream(redis, namespace, "settlement")


def person_registered(
    person: uuid.UUID,
    *,
    version: int = 1,
    birth_date: str = "1985-04-12",
    sex: settlement.Sex.ValueType = settlement.SEX_FEMALE,
) -> settlement.PersonRegistered:
    return settlement.PersonRegistered(
        person_id=str(person), name="林秀英", birth_date=birth_date, sex=sex, version=version
    )


def hukou_changed(
    person: uuid.UUID,
    *,
    version: int = 1,
    hukou_type: settlement.HukouType.ValueType = settlement.HUKOU_TYPE_RURAL,
    region_code: str = "350121",
    recorded_on: str = "2001-05-01",
) -> settlement.HukouChanged:
    return settlement.HukouChanged(
        person_id=str(person),
        hukou_type=hukou_type,
        region_code=region_code,
        recorded_on=recorded_on,
        version=version,
    )


PermitEvent = (
    settlement.ResidencePermitIssued
    | settlement.ResidencePermitRenewed
    | settlement.ResidencePermitRevoked
    | settlement.ResidencePermitExpired
)


def permit(
    kind: type[PermitEvent],
    permit_id: uuid.UUID,
    person: uuid.UUID,
    *,
    version: int,
    valid_until: str = "2020-06-30",
    revoked_on: str = "",
    reason: str = "",
    city_code: str = FUZHOU_GULOU,
) -> PermitEvent:
    state = settlement.ResidencePermit(
        permit_id=str(permit_id),
        person_id=str(person),
        city_code=city_code,
        issued_on="2019-07-01",
        valid_until=valid_until,
        revoked_on=revoked_on,
        reason=reason,
    )
    return kind(permit=state, version=version)


def period(
    period_id: uuid.UUID,
    person: uuid.UUID,
    *,
    version: int,
    started_on: str = "2018-03-01",
    ended_on: str = "",
    city_code: str = FUZHOU_GULOU,
) -> settlement.ResidencePeriodRecorded:
    return settlement.ResidencePeriodRecorded(
        period_id=str(period_id),
        person_id=str(person),
        city_code=city_code,
        started_on=started_on,
        ended_on=ended_on,
        version=version,
    )
