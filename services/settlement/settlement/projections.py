"""Facts settlement uses but does not own, projected from other departments' events:
whether a person is registered poor (建档立卡, clauses 十四 and 十九), which social security
owns and publishes. The kit's fact pack holds the table, handlers and loader
(servicekit.facts.poverty); settlement only declares it.
"""

from __future__ import annotations

from servicekit.entitlements.target import SOCIAL_SECURITY
from servicekit.facts.pack import subscribe
from servicekit.facts.poverty import POVERTY_FACTS

__all__ = ["FACTS", "SOCIAL_SECURITY", "subscription"]

FACTS = (POVERTY_FACTS,)
subscription = subscribe(*FACTS)
