"""buf comes from npm (proto/package-lock.json); install it before the contract tests."""

from __future__ import annotations

import pytest

from devstack.node import npm_ci
from devstack.topology import ROOT


@pytest.fixture(scope="session", autouse=True)
def _buf_installed() -> None:
    npm_ci(ROOT / "proto")
