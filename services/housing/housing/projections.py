"""Facts housing uses but does not own, projected from their owners' events by the kit's
fact packs (servicekit.facts): settlement's persons, hukou, residence permits and periods,
social security's poverty registrations (the target-person test and the waiting list's
priority) and employment's records (clause 十二: where a person works, 就业地, and the
industry of the targeted groups)."""

from __future__ import annotations

from servicekit.entitlements.target import SETTLEMENT
from servicekit.facts.employment import EMPLOYMENT_FACTS
from servicekit.facts.pack import subscribe
from servicekit.facts.poverty import POVERTY_FACTS
from servicekit.facts.settlement import SETTLEMENT_FACTS

__all__ = ["FACTS", "SETTLEMENT", "subscription"]

FACTS = (SETTLEMENT_FACTS, POVERTY_FACTS, EMPLOYMENT_FACTS)
subscription = subscribe(*FACTS)
