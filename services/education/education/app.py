"""教育 Education service: `python -m education`."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette

from education import SERVICE
from education.events import current_state
from education.projections import FACTS, subscription
from education.schema import schema
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
