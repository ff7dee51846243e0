"""The committed SDL is the contract composition reads; it must equal the live schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicekit.federation import sdl


@pytest.mark.parametrize(
    ("package", "folder"), [("settlement", "settlement"), ("social_security", "social-security")]
)
def test_committed_sdl_equals_live_schema(repo_root: Path, package: str, folder: str) -> None:
    module = __import__(f"{package}.schema", fromlist=["schema"])
    committed = (repo_root / "services" / folder / "schema.graphql").read_text(encoding="utf-8")
    assert sdl(module.schema) == committed, f"run `make sdl` and commit services/{folder}/schema.graphql"
    assert 'federation/v2.9"' in committed
