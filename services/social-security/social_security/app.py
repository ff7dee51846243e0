"""Social security service: `python -m social_security` (port 4002)."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette

from servicekit.app import ServiceSpec, create_app
from social_security.schema import schema

SPEC = ServiceSpec(
    name="social-security",
    default_port=4002,
    schema=schema,
    migrations=Path(__file__).parent / "migrations",
)


def create() -> Starlette:
    return create_app(SPEC)
