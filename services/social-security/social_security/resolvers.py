"""Social security's resolvers: validate, write in one transaction, return the new state.

Every mutation writes through `servicekit.idempotency.write_once`, which opens the
transaction: a retry with the request's Idempotency-Key returns the first result.
"""

from __future__ import annotations

import re

import asyncpg

from servicekit import idempotency
from servicekit.access import require_read
from servicekit.bus.outbox import emit
from servicekit.context import Info
from servicekit.db import Connection
from servicekit.errors import Conflict, ValidationFailed
from servicekit.values import parse_id, require_not_future, require_order
from social_security import SERVICE, events, repository
from social_security.inputs import LiftPovertyInput, RegisterPovertyInput
from social_security.types import PovertyRegistration

_HOUSEHOLD_NUMBER = re.compile(r"^[0-9A-Za-z-]{4,32}$")


def _household_number(value: str) -> str:
    household = value.strip()
    if not _HOUSEHOLD_NUMBER.match(household):
        raise ValidationFailed(
            "A household number is 4 to 32 letters, digits or hyphens.", field="householdNumber"
        )
    return household


async def poverty_household(info: Info, household_number: str) -> list[PovertyRegistration]:
    require_read(info)
    rows = await repository.registrations_by_household(info.context.pool, _household_number(household_number))
    return [PovertyRegistration.from_row(r) for r in rows]


async def register_poverty(info: Info, data: RegisterPovertyInput) -> PovertyRegistration:
    person_id = parse_id(data.person_id, field="personId", what="person")
    household = _household_number(data.household_number)
    require_not_future(data.registered_on, field="registeredOn")

    async def write(conn: Connection) -> asyncpg.Record:
        history = await repository.lock_registrations(conn, person_id)
        if history and history[-1]["lifted_on"] is None:
            raise Conflict("The person already has an open poverty registration.", field="personId")
        if history and data.registered_on < history[-1]["lifted_on"]:
            raise ValidationFailed(
                "registeredOn is before the end of the previous registration.",
                field="registeredOn",
            )
        row = await repository.insert_registration(conn, person_id, household, data.registered_on)
        # Same transaction as the row, under the person's lock: the event exists exactly
        # when the registration does, and a person's events enter the outbox in order.
        await emit(conn, events.poverty_registered(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.registration_row)
    return PovertyRegistration.from_row(row)


async def lift_poverty(info: Info, data: LiftPovertyInput) -> PovertyRegistration:
    person_id = parse_id(data.person_id, field="personId", what="person")
    require_not_future(data.lifted_on, field="liftedOn")

    async def write(conn: Connection) -> asyncpg.Record:
        history = await repository.lock_registrations(conn, person_id)
        if not history or history[-1]["lifted_on"] is not None:
            raise Conflict("The person has no open poverty registration.", field="personId")
        current = history[-1]
        require_order(
            current["registered_on"], data.lifted_on, start_field="registeredOn", end_field="liftedOn"
        )
        row = await repository.lift_registration(conn, current["id"], data.lifted_on)
        await emit(conn, events.poverty_lifted(row), producer=SERVICE)
        return row

    row = await idempotency.write_once(info, write=write, replay=repository.registration_row)
    return PovertyRegistration.from_row(row)
