"""Social security's demo records: poverty registrations, some of them lifted."""

from __future__ import annotations

from collections.abc import Sequence

from devstack.demo.gateway import Gateway
from devstack.demo.personas import Resident

POOR = """mutation Poor($input: RegisterPovertyInput!) { registerPoverty(input: $input) { id } }"""
LIFT = """mutation Lift($input: LiftPovertyInput!) { liftPoverty(input: $input) { id } }"""


def load(gateway: Gateway, residents: Sequence[Resident]) -> None:
    for r in residents:
        p = r.person
        if p.poverty_registered_on and p.household_number:
            gateway(
                POOR,
                {
                    "input": {
                        "personId": r.id,
                        "householdNumber": p.household_number,
                        "registeredOn": p.poverty_registered_on.isoformat(),
                    }
                },
            )
            if p.poverty_lifted_on:
                gateway(LIFT, {"input": {"personId": r.id, "liftedOn": p.poverty_lifted_on.isoformat()}})
