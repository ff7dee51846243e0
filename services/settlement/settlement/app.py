"""Settlement service: `python -m settlement`."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette

from servicekit.app import ServiceSpec, create_app
from settlement import SERVICE
from settlement.events import current_state
from settlement.expiry import permit_expiry_worker
from settlement.projections import FACTS, subscription
from settlement.schema import schema
from settlement.settings import SettlementSettings

SPEC = ServiceSpec(
    name=SERVICE,
    schema=schema,
    migrations=Path(__file__).parent / "migrations",
    subscription=subscription,
    facts=FACTS,
    workers=[permit_expiry_worker],
    snapshot=current_state,
    settings=SettlementSettings,
)


def create() -> Starlette:
    return create_app(SPEC)
