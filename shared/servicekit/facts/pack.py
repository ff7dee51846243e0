"""A fact pack: the kit's projection of one owner's shared facts — its tables (kit
migrations), its event handlers and its batch loaders — that any department declares
instead of copying.

    subscription = subscribe(SETTLEMENT_FACTS, POVERTY_FACTS)      # projections.py
    SPEC = ServiceSpec(..., subscription=subscription,
                       facts=(SETTLEMENT_FACTS, POVERTY_FACTS))   # app.py

A department never declares the pack of the facts it owns (settlement keeps its own
persons; social security its own poverty registrations).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from servicekit.bus.subscription import Subscription


@dataclass(frozen=True)
class FactPack:
    producer: str  # the department that owns and publishes these facts
    tables: tuple[str, ...]  # the projection tables (replay rebuilds them)
    migrations: Path  # the kit migrations that create them
    register: Callable[[Subscription], None]  # adds the handlers to a subscription


def subscribe(
    *packs: FactPack, producers: Sequence[str] = (), projection_tables: Sequence[str] = ()
) -> Subscription:
    """A subscription to the packs' facts, plus a department's own `producers` and
    `projection_tables` for what it projects itself (register those handlers on it)."""
    subscription = Subscription(
        producers=list(dict.fromkeys([*(p.producer for p in packs), *producers])),
        projection_tables=[*(t for p in packs for t in p.tables), *projection_tables],
    )
    for pack in packs:
        pack.register(subscription)
    return subscription
