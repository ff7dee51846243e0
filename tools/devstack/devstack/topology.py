"""Which services make up the suite, read from the one list the gateway composes from
(`gateway/subgraphs.json`), so that ports and names are written down once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[3]
GATEWAY_DIR = ROOT / "gateway"
GATEWAY_PORT = 4000


@dataclass(frozen=True, slots=True)
class Subgraph:
    name: str  # e.g. "social-security"
    url: str  # where the gateway reaches it locally
    schema_file: Path

    @property
    def module(self) -> str:
        """The Python package: `python -m social_security`."""
        return self.name.replace("-", "_")

    @property
    def database(self) -> str:
        return self.module

    @property
    def port(self) -> int:
        port = urlsplit(self.url).port
        assert port is not None, f"{self.name}: url without port"
        return port


@cache
def subgraphs() -> tuple[Subgraph, ...]:
    entries = json.loads((GATEWAY_DIR / "subgraphs.json").read_text(encoding="utf-8"))
    return tuple(
        Subgraph(name=e["name"], url=e["url"], schema_file=(GATEWAY_DIR / e["schema"]).resolve())
        for e in entries
    )
