"""Facts settlement uses but does not own, projected from other departments' events:
whether a person is registered poor (建档立卡, clauses 十四 and 十九), which social security
owns and publishes, and where they work (城镇就业), which employment owns — the target-person
test counts working in a city as well as living there. The kit's fact packs hold the
tables, handlers and loaders (servicekit.facts); settlement only declares them.
"""

from __future__ import annotations

from servicekit.entitlements.target import SOCIAL_SECURITY
from servicekit.facts.employment import EMPLOYMENT_FACTS
from servicekit.facts.pack import subscribe
from servicekit.facts.poverty import POVERTY_FACTS

__all__ = ["FACTS", "SOCIAL_SECURITY", "subscription"]

FACTS = (POVERTY_FACTS, EMPLOYMENT_FACTS)
subscription = subscribe(*FACTS)
