"""Settlement's facts that social security's rules need (clauses 九–十一 ask for hukou type
and residence; clause 十九 shares the poverty registry with hukou and residence records),
projected from settlement's events into social security's own tables, and employment's
records (working in a city counts for the target-person test; clause 十 is about employed
workers). The kit's fact packs hold the tables, handlers and loaders (servicekit.facts);
social security only declares them.
"""

from __future__ import annotations

from servicekit.entitlements.target import SETTLEMENT
from servicekit.facts.employment import EMPLOYMENT_FACTS
from servicekit.facts.pack import subscribe
from servicekit.facts.settlement import SETTLEMENT_FACTS

__all__ = ["FACTS", "SETTLEMENT", "subscription"]

FACTS = (SETTLEMENT_FACTS, EMPLOYMENT_FACTS)
subscription = subscribe(*FACTS)
