"""Social security service: `python -m social_security`."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette

from servicekit.app import ServiceSpec, create_app
from social_security import SERVICE
from social_security.events import current_state
from social_security.projections import FACTS, subscription
from social_security.schema import schema

SPEC = ServiceSpec(
    name=SERVICE,
    schema=schema,
    migrations=Path(__file__).parent / "migrations",
    # Settlement's facts the rules of clauses 九–十一 need, kept as projections.
    subscription=subscription,
    facts=FACTS,
    snapshot=current_state,
)


def create() -> Starlette:
    return create_app(SPEC)
