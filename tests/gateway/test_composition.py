"""The committed supergraph equals a fresh composition of the committed subgraph SDLs."""

from __future__ import annotations

import subprocess

from devstack.node import NODE_BIN, ensure_gateway_dependencies, node_env
from devstack.topology import GATEWAY_DIR


def test_supergraph_is_composed_from_the_committed_subgraphs() -> None:
    ensure_gateway_dependencies()
    result = subprocess.run(
        [str(NODE_BIN / "node"), "compose.mjs", "--check"],
        cwd=GATEWAY_DIR,
        env=node_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
