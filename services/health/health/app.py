"""健康 Health service: `python -m health`."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette

from health import SERVICE
from health.events import current_state
from health.projections import FACTS, subscription
from health.schema import schema
from servicekit.app import ServiceSpec, create_app

SPEC = ServiceSpec(
    name=SERVICE,
    schema=schema,
    migrations=Path(__file__).parent / "migrations",
    # The other departments' facts this department's rules need, kept as projections.
    subscription=subscription,
    facts=FACTS,
    # Everything it owns as events, for `python -m servicekit.bus republish`.
    snapshot=current_state,
)


def create() -> Starlette:
    return create_app(SPEC)
