"""Housing's resolvers: validate, write in one transaction with the event, return the state.

Every mutation writes through `servicekit.idempotency.write_once`, which opens the
transaction: a retry with the request's Idempotency-Key returns the first result. A
person's writers are serialised by the person's lock. Like social security, housing does
not wait for settlement's PersonRegistered to reach its projection (a malformed id is
NOT_FOUND).

Dates: an application's `endedOn` is the last day of the tenancy or subsidy.
"""

from __future__ import annotations

from uuid import UUID

import asyncpg

from housing import SERVICE, events, repository
from housing.inputs import (
    ApplyForPublicHousingInput,
    DecidePublicHousingInput,
    EndPublicHousingInput,
    RegisterTenancyInput,
)
from housing.kinds import GRANTS, HousingForm, HousingOutcome
from housing.types import PublicHousingApplication, QueueEntry, TenancyRegistration
from servicekit import idempotency
from servicekit.access import require_read
from servicekit.bus.outbox import emit
from servicekit.context import Info
from servicekit.db import Connection
from servicekit.errors import Conflict, NotFound, UnknownRegion, ValidationFailed
from servicekit.identity import region_prefix, validate_region_code
from servicekit.values import clean_name, clean_text, parse_id, require_not_future, require_order, today

MAX_REASON = 200
MAX_ADDRESS = 200
MAX_LANDLORD = 50
MAX_QUEUE = 200
_GRANTED = {HousingOutcome.ALLOCATED.name, HousingOutcome.SUBSIDY_GRANTED.name}
_FINAL = {*_GRANTED, HousingOutcome.REFUSED.name}


def _fujian_region(code: str, *, field: str, county: bool = False) -> str:
    """A known GB/T 2260 code in Fujian (the policy is Fujian's); a county-level one if asked."""
    try:
        validate_region_code(code)
    except UnknownRegion as exc:
        raise UnknownRegion(exc.message, field=field) from None
    if not code.startswith("35") or code == "350000":
        raise ValidationFailed(f"{field} is a city or county in Fujian (35xxxx).", field=field)
    if county and code.endswith("00"):
        raise ValidationFailed(f"{field} is a county-level code, not a city's.", field=field)
    return code


def _open(row: asyncpg.Record) -> bool:
    """Pending, waitlisted, or granted and not ended: the person may not apply again for it."""
    return (
        row["outcome"] is None
        or row["outcome"] == "WAITLISTED"
        or (row["outcome"] in _GRANTED and row["ended_on"] is None)
    )


async def _locked_application(conn: Connection, application_id: UUID) -> asyncpg.Record:
    found = await repository.application_row(conn, application_id)
    if found is None:
        raise NotFound("No public housing application has that id.", field="applicationId")
    await repository.lock_person(conn, found["person_id"])
    current = await repository.application_row(conn, application_id)  # re-read under the lock
    assert current is not None
    return current


async def apply_for_public_housing(info: Info, data: ApplyForPublicHousingInput) -> PublicHousingApplication:
    person_id = parse_id(data.person_id, field="personId", what="person")
    city_code = _fujian_region(data.city_code.strip(), field="cityCode")
    require_not_future(data.applied_on, field="appliedOn")
    if data.applied_on.year < 1949:
        raise ValidationFailed("appliedOn is not a plausible date.", field="appliedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        await repository.lock_person(conn, person_id)
        for other in await repository.person_applications(conn, person_id):
            if other["form"] == data.form.name and _open(other):
                raise Conflict(
                    f"The person already has an open {data.form.name} application or grant.", field="form"
                )
        row = await repository.insert_application(conn, person_id, city_code, data.form.name, data.applied_on)
        await emit(conn, events.applied(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.application_row)
    return PublicHousingApplication.from_row(row)


async def decide_public_housing(info: Info, data: DecidePublicHousingInput) -> PublicHousingApplication:
    application_id = parse_id(data.application_id, field="applicationId", what="application")
    require_not_future(data.decided_on, field="decidedOn")
    reason = clean_text(data.reason, field="reason", max_length=MAX_REASON, required=False)
    outcome = data.outcome
    if outcome is HousingOutcome.SUBSIDY_GRANTED:
        if data.subsidy_fen is None:
            raise ValidationFailed("SUBSIDY_GRANTED needs the monthly subsidyFen.", field="subsidyFen")
        if data.subsidy_fen < 0:
            raise ValidationFailed("subsidyFen is integer fen, 0 or more.", field="subsidyFen")
    elif data.subsidy_fen is not None:
        raise ValidationFailed("Only a SUBSIDY_GRANTED decision has a subsidyFen.", field="subsidyFen")

    async def write(conn: Connection) -> asyncpg.Record:
        current = await _locked_application(conn, application_id)
        if current["outcome"] in _FINAL:
            raise Conflict(
                f"The application was already decided ({current['outcome']}).", field="applicationId"
            )
        form = HousingForm[current["form"]]
        if outcome in GRANTS.values() and GRANTS[form] is not outcome:
            raise ValidationFailed(
                f"A {form.name} application is granted as {GRANTS[form].name}, not {outcome.name}.",
                field="outcome",
            )
        require_order(current["applied_on"], data.decided_on, start_field="appliedOn", end_field="decidedOn")
        if current["decided_on"] is not None:  # a waitlisted application decided again
            require_order(
                current["decided_on"], data.decided_on, start_field="the waitlisting", end_field="decidedOn"
            )
        row = await repository.decide_application(
            conn, application_id, outcome.name, data.decided_on, reason, data.subsidy_fen
        )
        await emit(conn, events.decided(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.application_row)
    return PublicHousingApplication.from_row(row)


async def end_public_housing(info: Info, data: EndPublicHousingInput) -> PublicHousingApplication:
    application_id = parse_id(data.application_id, field="applicationId", what="application")
    require_not_future(data.ended_on, field="endedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        current = await _locked_application(conn, application_id)
        if current["outcome"] not in _GRANTED:
            raise Conflict("Only an allocated tenancy or a granted subsidy can end.", field="applicationId")
        if current["ended_on"] is not None:
            raise Conflict("The tenancy or subsidy has already ended.", field="applicationId")
        require_order(current["decided_on"], data.ended_on, start_field="decidedOn", end_field="endedOn")
        row = await repository.end_application(conn, application_id, data.ended_on)
        await emit(conn, events.ended(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.application_row)
    return PublicHousingApplication.from_row(row)


async def public_housing_queue(info: Info, city_code: str, first: int = 50) -> list[QueueEntry]:
    require_read(info)
    code = _fujian_region(city_code.strip(), field="cityCode")
    if not 1 <= first <= MAX_QUEUE:
        raise ValidationFailed(f"first is 1 to {MAX_QUEUE}.", field="first")
    rows = await repository.queue(info.context.pool, region_prefix(code), today(), first)
    return [QueueEntry.from_row(position, row) for position, row in enumerate(rows, start=1)]


async def register_tenancy(info: Info, data: RegisterTenancyInput) -> TenancyRegistration:
    person_id = parse_id(data.tenant_person_id, field="tenantPersonId", what="person")
    landlord = clean_name(data.landlord_name, field="landlordName", max_length=MAX_LANDLORD)
    address = clean_text(data.address, field="address", max_length=MAX_ADDRESS, required=True)
    county = _fujian_region(data.county_code.strip(), field="countyCode", county=True)
    require_not_future(data.started_on, field="startedOn")
    registered_on = today()

    async def write(conn: Connection) -> asyncpg.Record:
        await repository.lock_person(conn, person_id)
        if await repository.find_tenancy(conn, person_id, county, address, data.started_on) is not None:
            raise Conflict("That tenancy is already registered.", field="tenantPersonId")
        row = await repository.insert_tenancy(
            conn, person_id, landlord, address, county, data.started_on, registered_on
        )
        await emit(conn, events.tenancy_registered(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.tenancy_row)
    return TenancyRegistration.from_row(row)
