"""Demo data for `make run`: seeded personas (`personas.generate`), loaded through the
gateway's own mutations by one module per department (`devstack/demo/<package>.py`, each
with `load(gateway, residents)`), in the order of departments.toml — settlement first,
since it registers the persons the others refer to.

A department without a module here simply adds no demo data. The scaffold
(`make new-department`) creates the module with the department.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Protocol

import httpx

from devstack.demo.gateway import Gateway
from devstack.demo.personas import DemoPerson, Resident, generate
from devstack.topology import Department, departments

__all__ = ["DemoPerson", "Gateway", "Resident", "generate", "load"]


class DepartmentDemo(Protocol):
    def load(self, gateway: Gateway, residents: Sequence[Resident]) -> None: ...


def module_of(dept: Department) -> DepartmentDemo | None:
    try:
        module = importlib.import_module(f"devstack.demo.{dept.package}")
    except ModuleNotFoundError as exc:
        if exc.name == f"devstack.demo.{dept.package}":
            return None
        raise
    return module


def load(gateway_url: str, people: Sequence[DemoPerson], *, token: str) -> int:
    """Load every persona not yet registered, as a clerk holding `token`; return how many
    were added."""
    with httpx.Client(
        base_url=gateway_url, timeout=30, headers={"authorization": f"Bearer {token}"}
    ) as client:
        gateway = Gateway(client)
        residents = [r for r in (gateway.register(p) for p in people) if r is not None]
        for dept in departments():
            demo = module_of(dept)
            if demo is not None:
                demo.load(gateway, residents)
    return len(residents)
