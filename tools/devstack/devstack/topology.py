"""The suite's departments, read from the one list at the repository root
(`departments.toml`), so that names and ports are written down once.

Everything else about a department follows from its name by rule (see the list's header):
its Python package, its database, its folder under services/, its SDL file, the URL the
gateway reaches it at locally, and the gateway's override variable for that URL.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from servicekit.federation import graphql_name

ROOT = Path(__file__).resolve().parents[3]
DEPARTMENTS_FILE = ROOT / "departments.toml"
GATEWAY_DIR = ROOT / "gateway"
GATEWAY_PORT = 4000

# Kebab-case, as the gateway's composition requires of subgraph names.
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class DepartmentListError(ValueError):
    """departments.toml is malformed: the message names the entry and the key."""


@dataclass(frozen=True, slots=True)
class Department:
    name: str  # e.g. "social-security"
    port: int  # where `make run` serves it
    title: str  # e.g. "社会保障 Social security"
    owns: str  # what it is the single source of truth for
    clauses: tuple[str, ...]  # the policy's clauses it delivers, e.g. ("九", "十")

    @property
    def package(self) -> str:
        """The Python package: `python -m social_security`."""
        return self.name.replace("-", "_")

    @property
    def module(self) -> str:
        return self.package

    @property
    def database(self) -> str:
        return self.package

    @property
    def directory(self) -> Path:
        return ROOT / "services" / self.name

    @property
    def schema_file(self) -> Path:
        return self.directory / "schema.graphql"

    @property
    def url(self) -> str:
        """Where the gateway reaches it under `make run`."""
        return f"http://127.0.0.1:{self.port}/graphql"

    @property
    def field(self) -> str:
        """Its part of Person in the supergraph: `person { socialSecurity { … } }`."""
        return graphql_name(self.name)

    @property
    def url_variable(self) -> str:
        """The gateway's override of that URL (gateway/gateway.config.ts)."""
        return "SUBGRAPH_URL_" + self.package.upper()


def parse_departments(text: str, source: str = "departments.toml") -> tuple[Department, ...]:
    data = tomllib.loads(text)
    found: list[Department] = []
    ports: dict[int, str] = {}
    for name, entry in data.items():
        where = f"{source} [{name}]"
        if not NAME.match(name):
            raise DepartmentListError(f"{where}: the name must be kebab-case, e.g. social-security")
        if not isinstance(entry, dict):
            raise DepartmentListError(f"{where}: must be a table")
        unknown = set(entry) - {"port", "title", "owns", "clauses"}
        if unknown:
            raise DepartmentListError(f"{where}: unknown keys {sorted(unknown)}")
        port = entry.get("port")
        if not isinstance(port, int) or isinstance(port, bool) or not 1024 <= port <= 65535:
            raise DepartmentListError(f"{where}: port must be an integer from 1024 to 65535")
        if port == GATEWAY_PORT or port in ports:
            other = "the gateway" if port == GATEWAY_PORT else ports[port]
            raise DepartmentListError(f"{where}: port {port} is already {other}'s")
        ports[port] = name
        for key in ("title", "owns"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise DepartmentListError(f"{where}: {key} must be a non-empty string")
        clauses = entry.get("clauses", [])
        if not isinstance(clauses, list) or not all(isinstance(c, str) for c in clauses):
            raise DepartmentListError(f"{where}: clauses must be a list of strings")
        found.append(
            Department(name=name, port=port, title=entry["title"], owns=entry["owns"], clauses=tuple(clauses))
        )
    if not found:
        raise DepartmentListError(f"{source}: no departments")
    return tuple(found)


@cache
def departments() -> tuple[Department, ...]:
    """Every department, in the list's order (settlement first: it registers persons)."""
    return parse_departments(DEPARTMENTS_FILE.read_text(encoding="utf-8"))


def department(name: str) -> Department:
    for d in departments():
        if d.name == name:
            return d
    known = ", ".join(d.name for d in departments())
    raise KeyError(f"no department {name!r} in departments.toml (known: {known})")
