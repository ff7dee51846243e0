"""Social security's mutation inputs."""

from __future__ import annotations

from datetime import date

import strawberry


@strawberry.input(description="Register a person as poor (建档立卡) from a date on.")
class RegisterPovertyInput:
    person_id: strawberry.ID
    household_number: str
    registered_on: date


@strawberry.input(description="Record that a person was lifted out of poverty (脱贫).")
class LiftPovertyInput:
    person_id: strawberry.ID
    lifted_on: date
