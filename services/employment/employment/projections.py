"""Facts 就业 Employment uses but does not own, projected from their owners' events.

The kit's fact packs hold them (servicekit.facts): settlement's persons (birth date and sex,
for the working age), hukou, residence permits and periods, and social security's poverty
registrations — what the target-person test (servicekit.entitlements.target) needs.
Employment does not declare EMPLOYMENT_FACTS: it owns the employment records, and its rules
read them from its own table.
"""

from __future__ import annotations

from servicekit.entitlements.target import SETTLEMENT
from servicekit.facts.pack import subscribe
from servicekit.facts.poverty import POVERTY_FACTS
from servicekit.facts.settlement import SETTLEMENT_FACTS

__all__ = ["FACTS", "SETTLEMENT", "subscription"]

FACTS = (SETTLEMENT_FACTS, POVERTY_FACTS)
subscription = subscribe(*FACTS)
