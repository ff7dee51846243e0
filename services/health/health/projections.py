"""Facts health uses but does not own, projected from their owners' events: settlement's
persons, hukou and residence (clause 八's premium subsidy is for *rural* registered poor
people; clause 七's treat-first-pay-later for rural poor patients), social security's
poverty registrations (建档立卡, the main condition of every health entitlement), and
employment's records (working in a city counts in the target-person test). The kit's fact
packs hold the tables, handlers and loaders (servicekit.facts); health only declares them.
"""

from __future__ import annotations

from servicekit.entitlements.target import SETTLEMENT
from servicekit.facts.employment import EMPLOYMENT_FACTS
from servicekit.facts.pack import subscribe
from servicekit.facts.poverty import POVERTY_FACTS
from servicekit.facts.settlement import SETTLEMENT_FACTS

__all__ = ["FACTS", "SETTLEMENT", "subscription"]

FACTS = (SETTLEMENT_FACTS, POVERTY_FACTS, EMPLOYMENT_FACTS)
subscription = subscribe(*FACTS)
