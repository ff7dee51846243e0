"""Settlement's facts that social security's rules need (clauses 九–十一 ask for hukou type
and residence; clause 十九 shares the poverty registry with hukou and residence records),
projected from settlement's events into social security's own tables. The kit's fact pack
holds the tables, handlers and loaders (servicekit.facts.settlement); social security only
declares it.
"""

from __future__ import annotations

from servicekit.entitlements.target import SETTLEMENT
from servicekit.facts.pack import subscribe
from servicekit.facts.settlement import SETTLEMENT_FACTS

__all__ = ["FACTS", "SETTLEMENT", "subscription"]

FACTS = (SETTLEMENT_FACTS,)
subscription = subscribe(*FACTS)
