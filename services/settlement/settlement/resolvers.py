"""Settlement's resolvers: validate, write in one transaction, return the new state.

Validation happens before anything is written; a rejected request changes nothing.
Every mutation writes through `servicekit.idempotency.write_once`, which opens the
transaction: a retry with the request's Idempotency-Key returns the first result.
Every change emits its event (settlement.events) in the same transaction, after the row
is written and while the person's or permit's row lock is held, so the outbox orders
the events of one record as the changes happened.
"""

from __future__ import annotations

from datetime import date

import asyncpg
import strawberry

from servicekit import idempotency
from servicekit.access import PERSON_READ, require_person
from servicekit.bus.outbox import emit
from servicekit.context import Info
from servicekit.db import Connection
from servicekit.errors import Conflict, NotFound, ValidationFailed
from servicekit.identity import Sex as SexValue
from servicekit.identity import parse_id_number, region_prefix, validate_region_code
from servicekit.pagination import Page, check_page_size, decode_cursor, encode_cursor
from servicekit.values import clean_name, clean_text, parse_id, require_not_future, require_order
from settlement import SERVICE, events, repository
from settlement.inputs import (
    AddHouseholdMemberInput,
    ApplyForSettlementInput,
    CreateHouseholdInput,
    DecideSettlementInput,
    HouseholdRelation,
    IssueResidencePermitInput,
    RecordHukouInput,
    RecordResidencePeriodInput,
    RegisterPersonInput,
    RemoveHouseholdMemberInput,
    RenewResidencePermitInput,
    RevokeResidencePermitInput,
    SettlementOutcome,
)
from settlement.types import (
    ID_NUMBER_LOOKUP_SCOPE,
    Household,
    Person,
    ResidencePeriod,
    ResidencePermit,
    SettlementApplication,
)

# A reason an officer gives (a revocation, a refusal): free text, bounded.
MAX_REASON = 200


async def person(info: Info, id: strawberry.ID) -> Person | None:
    person_id = parse_id(id, what="person")
    require_person(info, person_id)
    row = await info.context.loaders.get(repository.persons_by_ids).load(person_id)
    return None if row is None else Person.from_row(row)


async def person_by_id_number(info: Info, id_number: str) -> Person | None:
    # Finding a person by their resident ID number is a right of its own (PIPL).
    info.context.caller.require(ID_NUMBER_LOOKUP_SCOPE)
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
    info.context.caller.require(PERSON_READ)  # a resident may not list others
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


async def _locked_person(conn: Connection, person_id: str, field: str = "personId") -> asyncpg.Record:
    row = await repository.lock_person(conn, parse_id(person_id, field=field, what="person"))
    if row is None:
        raise NotFound(f"No person has the id {person_id!r}.", field=field)
    return row


async def _write_hukou(
    conn: Connection, person: asyncpg.Record, hukou_type: str, region: str, recorded_on: date, *, field: str
) -> asyncpg.Record:
    """Record a hukou for a locked person and emit HukouChanged: recordHukou's write, which an
    approved settlement decision (decideSettlement) also makes."""
    if person["hukou_recorded_on"] is not None and recorded_on < person["hukou_recorded_on"]:
        raise ValidationFailed(
            f"{field} is before the current registration's date; history is append-only.",
            field=field,
        )
    row = await repository.record_hukou(conn, person["id"], hukou_type, region, recorded_on)
    await emit(conn, events.hukou_changed(row), producer=SERVICE)
    return row


async def record_hukou(info: Info, data: RecordHukouInput) -> Person:
    region = validate_region_code(data.region_code)
    require_not_future(data.recorded_on, field="recordedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        current = await _locked_person(conn, data.person_id)
        return await _write_hukou(
            conn, current, data.type.value, region, data.recorded_on, field="recordedOn"
        )

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
    reason = clean_text(data.reason, field="reason", max_length=MAX_REASON, required=False)
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


# --- households (户) ----------------------------------------------------------------------


async def _locked_household(conn: Connection, household_id: str) -> asyncpg.Record:
    row = await repository.lock_household(conn, parse_id(household_id, field="householdId", what="household"))
    if row is None:
        raise NotFound(f"No household has the id {household_id!r}.", field="householdId")
    return row


async def _not_in_a_household(conn: Connection, person: asyncpg.Record, field: str) -> None:
    current = await repository.current_membership(conn, person["id"])
    if current is not None:
        raise Conflict(
            f"The person already belongs to household {current['household_id']}; "
            "a person belongs to one household at a time (remove them from it first).",
            field=field,
        )


async def create_household(info: Info, data: CreateHouseholdInput) -> Household:
    region = validate_region_code(data.region_code)
    require_not_future(data.created_on, field="createdOn")

    async def write(conn: Connection) -> asyncpg.Record:
        head = await _locked_person(conn, data.head_person_id, field="headPersonId")
        await _not_in_a_household(conn, head, "headPersonId")
        household = await repository.insert_household(conn, head["id"], region, data.created_on)
        member = await repository.insert_member(conn, household["id"], head["id"], "HEAD", data.created_on)
        await emit(conn, events.member_joined(member), producer=SERVICE)
        return household

    row = await idempotency.write_once(info, write=write, replay=repository.household_row)
    return Household.from_row(row)


async def add_household_member(info: Info, data: AddHouseholdMemberInput) -> Household:
    if data.relation is HouseholdRelation.HEAD:
        raise ValidationFailed(
            "A household has one head, named when it is created (createHousehold).", field="relation"
        )
    require_not_future(data.joined_on, field="joinedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        household = await _locked_household(conn, data.household_id)
        person = await _locked_person(conn, data.person_id)
        await _not_in_a_household(conn, person, "personId")
        require_order(household["created_on"], data.joined_on, start_field="createdOn", end_field="joinedOn")
        member = await repository.insert_member(
            conn, household["id"], person["id"], data.relation.value, data.joined_on
        )
        await emit(conn, events.member_joined(member), producer=SERVICE)
        return await repository.touch_household(conn, household["id"])

    row = await idempotency.write_once(info, write=write, replay=repository.household_row)
    return Household.from_row(row)


async def remove_household_member(info: Info, data: RemoveHouseholdMemberInput) -> Household:
    require_not_future(data.left_on, field="leftOn")

    async def write(conn: Connection) -> asyncpg.Record:
        household = await _locked_household(conn, data.household_id)
        person = await _locked_person(conn, data.person_id)
        member = await repository.current_membership(conn, person["id"])
        if member is None or member["household_id"] != household["id"]:
            raise NotFound("The person is not a member of this household.", field="personId")
        require_order(member["joined_on"], data.left_on, start_field="joinedOn", end_field="leftOn")
        ended = await repository.end_membership(conn, member["id"], data.left_on)
        await emit(conn, events.member_left(ended), producer=SERVICE)
        return await repository.touch_household(conn, household["id"])

    row = await idempotency.write_once(info, write=write, replay=repository.household_row)
    return Household.from_row(row)


# --- applications to settle (落户), clauses 十四 and 十六 ------------------------------------


async def apply_for_settlement(info: Info, data: ApplyForSettlementInput) -> SettlementApplication:
    region = validate_region_code(data.region_code)
    require_not_future(data.applied_on, field="appliedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        person = await _locked_person(conn, data.person_id)
        if await repository.open_application(conn, person["id"]) is not None:
            raise Conflict(
                "The person already has an open application to settle; decide it first.", field="personId"
            )
        return await repository.insert_application(
            conn,
            person["id"],
            region,
            data.applied_on,
            land_contract=data.rural_rights.land_contract,
            homestead=data.rural_rights.homestead,
            collective_income=data.rural_rights.collective_income,
        )

    row = await idempotency.write_once(info, write=write, replay=repository.application_row)
    return SettlementApplication.from_row(row)


async def decide_settlement(info: Info, data: DecideSettlementInput) -> SettlementApplication:
    require_not_future(data.decided_on, field="decidedOn")
    reason = clean_text(data.reason or "", field="reason", max_length=MAX_REASON, required=False) or None
    if data.outcome is SettlementOutcome.REFUSED and reason is None:
        raise ValidationFailed("A refusal needs a reason.", field="reason")

    async def write(conn: Connection) -> asyncpg.Record:
        application = await repository.lock_application(
            conn, parse_id(data.application_id, field="applicationId", what="settlement application")
        )
        if application is None:
            raise NotFound(
                f"No settlement application has the id {data.application_id!r}.", field="applicationId"
            )
        if application["outcome"] is not None:
            raise Conflict("The application has already been decided.", field="applicationId")
        require_order(
            application["applied_on"], data.decided_on, start_field="appliedOn", end_field="decidedOn"
        )
        person = await _locked_person(conn, str(application["person_id"]))
        if data.outcome is SettlementOutcome.APPROVED:
            # Settling gives an urban hukou where the person settles, from the decision
            # date; the rural rights stay as recorded with the application (十六).
            await _write_hukou(
                conn, person, "URBAN", application["region_code"], data.decided_on, field="decidedOn"
            )
        row = await repository.decide_application(
            conn, application["id"], data.outcome.value, data.decided_on, reason
        )
        await emit(conn, events.settlement_decided(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.application_row)
    return SettlementApplication.from_row(row)
