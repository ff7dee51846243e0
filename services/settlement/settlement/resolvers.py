"""Settlement's resolvers: validate, write in one transaction, return the new state.

Validation happens before anything is written; a rejected request changes nothing.
Every mutation writes through `servicekit.idempotency.write_once`, which opens the
transaction: a retry with the request's Idempotency-Key returns the first result.
Every change emits its event (settlement.events) in the same transaction, after the row
is written and while the person's or permit's row lock is held, so the outbox orders
the events of one record as the changes happened.
"""

from __future__ import annotations

import asyncpg
import strawberry

from servicekit import idempotency
from servicekit.bus.outbox import emit
from servicekit.context import Info
from servicekit.db import Connection
from servicekit.errors import Conflict, NotFound, ValidationFailed
from servicekit.identity import Sex as SexValue
from servicekit.identity import parse_id_number, region_prefix, validate_region_code
from servicekit.pagination import Page, check_page_size, decode_cursor, encode_cursor
from servicekit.values import clean_name, parse_id, require_not_future, require_order
from settlement import SERVICE, events, repository
from settlement.inputs import (
    IssueResidencePermitInput,
    RecordHukouInput,
    RecordResidencePeriodInput,
    RegisterPersonInput,
    RenewResidencePermitInput,
    RevokeResidencePermitInput,
)
from settlement.types import Person, ResidencePeriod, ResidencePermit


async def person(info: Info, id: strawberry.ID) -> Person | None:
    row = await info.context.loaders.get(repository.persons_by_ids).load(parse_id(id, what="person"))
    return None if row is None else Person.from_row(row)


async def person_by_id_number(info: Info, id_number: str) -> Person | None:
    resident = parse_id_number(id_number)
    row = await repository.person_by_id_number(info.context.pool, resident.number)
    return None if row is None else Person.from_row(row)


async def persons(
    info: Info,
    region_code: str | None = None,
    without_hukou: bool = False,
    first: int = 20,
    after: str | None = None,
) -> Page[Person]:
    limit = check_page_size(first)
    if region_code is None and not without_hukou:
        raise ValidationFailed(
            "Give a regionCode, or withoutHukou: true for persons without a hukou.",
            field="regionCode",
        )
    prefix = region_prefix(region_code) if region_code is not None else None
    cursor = decode_cursor(after)
    after_id = parse_id(cursor, field="after", what="cursor") if cursor is not None else None
    if without_hukou:
        rows = await repository.persons_without_hukou(
            info.context.pool, prefix, after=after_id, limit=limit + 1
        )
    else:
        assert prefix is not None
        rows = await repository.persons_in_region(info.context.pool, prefix, after=after_id, limit=limit + 1)
    items = [Person.from_row(r) for r in rows[:limit]]
    next_cursor = encode_cursor(str(rows[limit - 1]["id"])) if len(rows) > limit else None
    return Page(items=items, next_cursor=next_cursor)


async def register_person(info: Info, data: RegisterPersonInput) -> Person:
    resident = parse_id_number(data.id_number)
    name = clean_name(data.name)
    if data.birth_date is not None and data.birth_date != resident.birth_date:
        raise ValidationFailed("The birth date does not match the resident ID number.", field="birthDate")
    if data.sex is not None and SexValue(data.sex.value) != resident.sex:
        raise ValidationFailed("The sex does not match the resident ID number.", field="sex")

    async def write(conn: Connection) -> asyncpg.Record:
        row = await repository.insert_person(
            conn,
            name=name,
            id_number=resident.number,
            birth_date=resident.birth_date,
            sex=resident.sex.value,
        )
        if row is None:
            raise Conflict("A person with this resident ID number is already registered.", field="idNumber")
        await emit(conn, events.person_registered(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.person_row)
    return Person.from_row(row)


async def _locked_person(conn: Connection, person_id: str) -> asyncpg.Record:
    row = await repository.lock_person(conn, parse_id(person_id, field="personId", what="person"))
    if row is None:
        raise NotFound(f"No person has the id {person_id!r}.", field="personId")
    return row


async def record_hukou(info: Info, data: RecordHukouInput) -> Person:
    region = validate_region_code(data.region_code)
    require_not_future(data.recorded_on, field="recordedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        current = await _locked_person(conn, data.person_id)
        if current["hukou_recorded_on"] is not None and data.recorded_on < current["hukou_recorded_on"]:
            raise ValidationFailed(
                "recordedOn is before the current registration's date; history is append-only.",
                field="recordedOn",
            )
        row = await repository.record_hukou(conn, current["id"], data.type.value, region, data.recorded_on)
        await emit(conn, events.hukou_changed(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.person_row)
    return Person.from_row(row)


async def issue_residence_permit(info: Info, data: IssueResidencePermitInput) -> ResidencePermit:
    city = validate_region_code(data.city_code)
    require_not_future(data.issued_on, field="issuedOn")
    if data.valid_until <= data.issued_on:
        raise ValidationFailed("validUntil must be after issuedOn.", field="validUntil")

    async def write(conn: Connection) -> asyncpg.Record:
        person_row = await _locked_person(conn, data.person_id)
        row = await repository.insert_permit(conn, person_row["id"], city, data.issued_on, data.valid_until)
        await emit(conn, events.permit_issued(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.permit_row)
    return ResidencePermit.from_row(row)


async def _locked_permit(conn: Connection, permit_id: str) -> asyncpg.Record:
    row = await repository.lock_permit(conn, parse_id(permit_id, field="permitId", what="residence permit"))
    if row is None:
        raise NotFound(f"No residence permit has the id {permit_id!r}.", field="permitId")
    if row["revoked_on"] is not None:
        raise Conflict("The residence permit has been revoked.", field="permitId")
    return row


async def renew_residence_permit(info: Info, data: RenewResidencePermitInput) -> ResidencePermit:

    async def write(conn: Connection) -> asyncpg.Record:
        permit = await _locked_permit(conn, data.permit_id)
        if data.valid_until <= permit["valid_until"]:
            raise ValidationFailed(
                f"A renewal must end after the current validUntil ({permit['valid_until'].isoformat()}).",
                field="validUntil",
            )
        row = await repository.renew_permit(conn, permit["id"], data.valid_until)
        await emit(conn, events.permit_renewed(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.permit_row)
    return ResidencePermit.from_row(row)


async def revoke_residence_permit(info: Info, data: RevokeResidencePermitInput) -> ResidencePermit:
    reason = data.reason.strip()
    if not reason:
        raise ValidationFailed("A revocation needs a reason.", field="reason")
    require_not_future(data.revoked_on, field="revokedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        permit = await _locked_permit(conn, data.permit_id)
        require_order(permit["issued_on"], data.revoked_on, start_field="issuedOn", end_field="revokedOn")
        row = await repository.revoke_permit(conn, permit["id"], data.revoked_on, reason)
        await emit(conn, events.permit_revoked(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.permit_row)
    return ResidencePermit.from_row(row)


async def record_residence_period(info: Info, data: RecordResidencePeriodInput) -> ResidencePeriod:
    city = validate_region_code(data.city_code)
    require_not_future(data.started_on, field="startedOn")
    if data.ended_on is not None:
        require_order(data.started_on, data.ended_on, start_field="startedOn", end_field="endedOn")
        require_not_future(data.ended_on, field="endedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        person_row = await _locked_person(conn, data.person_id)
        if await repository.period_overlaps(conn, person_row["id"], data.started_on, data.ended_on):
            raise Conflict("The period overlaps a residence period already recorded.", field="startedOn")
        row = await repository.insert_period(conn, person_row["id"], city, data.started_on, data.ended_on)
        await emit(conn, events.period_recorded(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.period_row)
    return ResidencePeriod.from_row(row)
