"""Settlement's events: each mutation writes one outbox row in its transaction, with the
record's whole state and version; a rejected mutation writes none; the relay publishes
them to `events.settlement` in order."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, cast

import redis.asyncio as aioredis

from fujian.events.options.v1.options_pb2 import SubjectType
from fujian.events.settlement.v1 import events_pb2 as pb
from servicekit.bus.streams import event_stream
from servicekit.contracts.registry import decode, parse_envelope
from tests.bus.support import eventually
from tests.ids import make_id_number
from tests.settlement.helpers import (
    HUKOU,
    PERIOD,
    RENEW,
    REVOKE,
    issue_permit,
    outbox,
    outbox_count,
    register,
)
from tests.support import ServiceUnderTest


async def test_registering_a_person_emits_person_registered_without_the_id_number(
    settlement: ServiceUnderTest,
) -> None:
    number = make_id_number("350102", date(1990, 1, 1), 123)  # odd serial: male
    person_id = await register(settlement.client, number, name="林 小梅")
    [emitted] = await outbox(settlement.pool)
    assert emitted.type == "fujian.events.settlement.v1.PersonRegistered"
    assert emitted.event == pb.PersonRegistered(
        person_id=person_id, name="林 小梅", birth_date="1990-01-01", sex=pb.SEX_MALE, version=1
    )
    assert emitted.envelope.producer == "settlement"
    assert (emitted.envelope.subject_type, emitted.envelope.subject_id) == (
        SubjectType.SUBJECT_TYPE_PERSON,
        person_id,
    )
    # PIPL: the resident ID number never travels on the bus, in any field.
    assert number.encode() not in emitted.envelope.SerializeToString()


async def test_each_hukou_change_emits_the_current_hukou_with_the_next_version(
    settlement: ServiceUnderTest,
) -> None:
    person_id = await register(settlement.client)
    for kind, region, on in [("RURAL", "350121", "2000-01-01"), ("URBAN", "350102", "2021-05-01")]:
        await settlement.client.data(
            HUKOU, {"input": {"personId": person_id, "type": kind, "regionCode": region, "recordedOn": on}}
        )
    hukou = [
        e.event for e in await outbox(settlement.pool) if e.type == "fujian.events.settlement.v1.HukouChanged"
    ]
    assert hukou == [
        pb.HukouChanged(
            person_id=person_id,
            hukou_type=pb.HUKOU_TYPE_RURAL,
            region_code="350121",
            recorded_on="2000-01-01",
            version=1,
        ),
        pb.HukouChanged(
            person_id=person_id,
            hukou_type=pb.HUKOU_TYPE_URBAN,
            region_code="350102",
            recorded_on="2021-05-01",
            version=2,
        ),
    ]


async def test_issue_renew_and_revoke_emit_the_whole_permit_at_rising_versions(
    settlement: ServiceUnderTest,
) -> None:
    person_id = await register(settlement.client)
    permit_id = await issue_permit(
        settlement.client, person_id, issued_on="2020-03-01", valid_until="2021-03-01", city_code="350200"
    )
    await settlement.client.data(RENEW, {"input": {"permitId": permit_id, "validUntil": "2023-03-01"}})
    await settlement.client.data(
        REVOKE, {"input": {"permitId": permit_id, "revokedOn": "2022-01-01", "reason": "moved away"}}
    )
    permit_events = [e for e in await outbox(settlement.pool) if "Permit" in e.type]
    assert [e.type for e in permit_events] == [
        "fujian.events.settlement.v1.ResidencePermitIssued",
        "fujian.events.settlement.v1.ResidencePermitRenewed",
        "fujian.events.settlement.v1.ResidencePermitRevoked",
    ]
    common: dict[str, Any] = {
        "permit_id": permit_id,
        "person_id": person_id,
        "city_code": "350200",
        "issued_on": "2020-03-01",
    }
    issued, renewed, revoked = (e.event for e in permit_events)
    assert issued == pb.ResidencePermitIssued(
        permit=pb.ResidencePermit(**common, valid_until="2021-03-01"), version=1
    )
    assert renewed == pb.ResidencePermitRenewed(
        permit=pb.ResidencePermit(**common, valid_until="2023-03-01"), version=2
    )
    assert revoked == pb.ResidencePermitRevoked(
        permit=pb.ResidencePermit(
            **common, valid_until="2023-03-01", revoked_on="2022-01-01", reason="moved away"
        ),
        version=3,
    )
    version = await settlement.pool.fetchval(
        "SELECT version FROM residence_permits WHERE id = $1", uuid.UUID(permit_id)
    )
    assert version == 3


async def test_recording_a_residence_period_emits_it_with_an_empty_end_while_it_goes_on(
    settlement: ServiceUnderTest,
) -> None:
    person_id = await register(settlement.client)
    data = await settlement.client.data(
        PERIOD,
        {"input": {"personId": person_id, "cityCode": "350100", "startedOn": "2019-01-01", "endedOn": None}},
    )
    [*_, emitted] = await outbox(settlement.pool)
    assert emitted.event == pb.ResidencePeriodRecorded(
        period_id=data["recordResidencePeriod"]["id"],
        person_id=person_id,
        city_code="350100",
        started_on="2019-01-01",
        ended_on="",
        version=1,
    )


async def test_rejected_mutations_emit_nothing(settlement: ServiceUnderTest) -> None:
    number = make_id_number()
    person_id = await register(settlement.client, number)
    permit_id = await issue_permit(settlement.client, person_id)
    await settlement.client.data(
        PERIOD,
        {"input": {"personId": person_id, "cityCode": "350100", "startedOn": "2019-01-01", "endedOn": None}},
    )
    await settlement.client.data(
        REVOKE, {"input": {"permitId": permit_id, "revokedOn": "2024-06-01", "reason": "moved away"}}
    )
    before = await outbox_count(settlement.pool)
    assert before == 4
    rejected: list[tuple[str, dict[str, Any], str]] = [
        # refused inside the transaction, after the lock: the CONFLICTs roll back
        (
            "mutation R($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }",
            {"name": "王五", "idNumber": number},
            "CONFLICT",
        ),
        (RENEW, {"permitId": permit_id, "validUntil": "2099-01-01"}, "CONFLICT"),
        (PERIOD, {"personId": person_id, "cityCode": "350200", "startedOn": "2020-01-01"}, "CONFLICT"),
        (
            HUKOU,
            {"personId": person_id, "type": "RURAL", "regionCode": "359999", "recordedOn": "2000-01-01"},
            "UNKNOWN_REGION",
        ),
        (
            HUKOU,
            {
                "personId": str(uuid.uuid4()),
                "type": "RURAL",
                "regionCode": "350121",
                "recordedOn": "2000-01-01",
            },
            "NOT_FOUND",
        ),
    ]
    for mutation, data, code in rejected:
        error = await settlement.client.error(mutation, {"input": data})
        assert error["extensions"]["code"] == code, error
    assert await outbox_count(settlement.pool) == before


async def test_the_relay_publishes_every_event_to_the_settlement_stream_in_order(
    settlement: ServiceUnderTest,
    redis: aioredis.Redis,
) -> None:
    persons = [await register(settlement.client) for _ in range(3)]
    for person_id in persons:
        await settlement.client.data(
            HUKOU,
            {
                "input": {
                    "personId": person_id,
                    "type": "RURAL",
                    "regionCode": "350121",
                    "recordedOn": "2000-01-01",
                }
            },
        )
        await issue_permit(settlement.client, person_id)
    stream = event_stream(settlement.settings.bus.namespace, "settlement")

    async def all_published() -> bool:
        return all(e.published for e in await outbox(settlement.pool))

    await eventually(all_published)
    emitted = await outbox(settlement.pool)
    assert len(emitted) == 9
    entries = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis.xrange(stream))
    assert [entry_id.decode() for entry_id, _ in entries] == [e.stream_entry_id for e in emitted]
    envelopes = [parse_envelope(fields[b"envelope"]) for _, fields in entries]
    assert [(e.event_id, e.sequence) for e in envelopes] == [
        (e.envelope.event_id, e.sequence) for e in emitted
    ]
    assert [e.sequence for e in envelopes] == sorted(e.sequence for e in envelopes)
    for (_, fields), envelope, row in zip(entries, envelopes, emitted, strict=True):
        assert fields[b"event_id"].decode() == envelope.event_id
        assert fields[b"type"].decode() == envelope.type
        assert decode(envelope) == row.event
