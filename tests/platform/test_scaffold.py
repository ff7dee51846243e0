"""`make new-department` makes a working department: in a copy of the repository, right
after it runs, the suite lints, composes with the new subgraph and passes the tests that
touch it (its own, the platform and contract checks, and the real gateway end to end)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from devstack.node import ensure_gateway_dependencies, npm_ci
from devstack.topology import ROOT

NAME = "archives"  # not a department the suite plans, so the test never collides with one


def run(*command: str, cwd: Path, timeout: float = 600) -> str:
    result = subprocess.run(
        list(command),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "UV_NO_PROGRESS": "1"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}:\n{output[-6000:]}"
    return output


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The repository's files (tracked and new, as git sees them), with the installed tools
    and node_modules linked rather than copied; a venv of its own."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True
        )
        .stdout.decode()
        .split("\0")
    )
    target = tmp_path / "repo"
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    ensure_gateway_dependencies()
    npm_ci(ROOT / "proto")
    for rel in [".tools", "gateway/node_modules", "proto/node_modules"]:
        (target / rel).symlink_to(ROOT / rel)
    return target


def test_a_new_department_composes_and_passes_the_tests_right_away(copy: Path) -> None:
    made = run(
        "make", "--no-print-directory", "new-department", f"NAME={NAME}", "TITLE=档案 Archives", cwd=copy
    )
    assert "compose: wrote" in made
    assert f"[{NAME}]" in (copy / "departments.toml").read_text()
    assert 'name: "archives"' in (copy / "gateway" / "supergraph.graphql").read_text()
    assert "archives: Archives" in (copy / "services" / NAME / "schema.graphql").read_text()

    run("make", "--no-print-directory", "lint", cwd=copy)
    run("make", "--no-print-directory", "check-compose", cwd=copy)
    run(
        str(
            copy / ".venv" / "bin" / "pytest",
        ),
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/platform/test_departments.py",
        "tests/contracts",
        f"tests/{NAME}",
        "tests/e2e",
        cwd=copy,
        timeout=900,
    )
