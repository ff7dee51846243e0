"""departments.toml, skaffold's artifacts and releases, the Dockerfiles and the chart's
values agree; a department missing from any of them is named."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from devstack import departments as derived
from devstack import deploy
from devstack.topology import ROOT, departments, parse_departments

NAMES = [d.name for d in departments()]


def skaffold() -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load((ROOT / "skaffold.yaml").read_text(encoding="utf-8"))
    return config


def test_skaffold_builds_one_image_per_component_with_its_own_dockerfile() -> None:
    config = skaffold()
    assert config["apiVersion"] == "skaffold/v4beta14"
    artifacts = {a["image"]: a for a in config["build"]["artifacts"]}
    assert list(artifacts) == [*NAMES, "gateway"]
    for name in NAMES:
        assert artifacts[name]["context"] == "."
        assert artifacts[name]["docker"]["dockerfile"] == f"services/{name}/Dockerfile"
        assert (ROOT / "services" / name / "Dockerfile").exists()
    assert artifacts["gateway"]["docker"]["dockerfile"] == "gateway/Dockerfile"


def test_skaffold_passes_every_image_to_the_chart() -> None:
    (release,) = skaffold()["deploy"]["helm"]["releases"]
    assert release["chartPath"] == deploy.CHART
    templates = release["setValueTemplates"]
    for name in NAMES:
        var = name.replace("-", "_")
        assert templates[f"departments.{name}.image.repository"] == f"{{{{.IMAGE_REPO_{var}}}}}"
        assert templates[f"departments.{name}.image.digest"] == f"{{{{.IMAGE_DIGEST_{var}}}}}"
    assert templates["gateway.image.repository"] == "{{.IMAGE_REPO_gateway}}"
    values = yaml.safe_load((ROOT / deploy.CHART_VALUES).read_text(encoding="utf-8"))
    assert list(values["departments"]) == NAMES, "the chart's departments: in the list's order"
    forwarded = skaffold()["portForward"]
    assert forwarded[0]["resourceName"] == "gateway" and forwarded[0]["port"] == 4000


def test_skaffold_has_a_local_profile_and_one_per_department() -> None:
    profiles = {p["name"]: p for p in skaffold()["profiles"]}
    assert set(profiles) == {"local", *NAMES}
    (local_values,) = profiles["local"]["patches"][0]["value"]
    assert (ROOT / local_values).exists()
    for dept in departments():
        patches = {p["path"]: p for p in profiles[dept.name]["patches"]}
        (artifact,) = patches["/build/artifacts"]["value"]
        assert artifact["image"] == dept.name
        (release,) = patches["/deploy/helm/releases"]["value"]
        assert release["setValues"] == {"global.only": dept.name}
        assert patches["/portForward"]["value"][0]["localPort"] == dept.port


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The files the checks read, copied into a throwaway root (as tests/platform does)."""
    rels = ["departments.toml", "pyproject.toml", "uv.lock", *derived.DERIVED, *derived.CHECKED]
    for dept in departments():
        rels += [
            f"services/{dept.name}/{f}"
            for f in ("pyproject.toml", "schema.graphql", f"{dept.package}/__init__.py")
        ]
        rels += [p.format(name=dept.name) for p in derived.PER_DEPARTMENT]
    for rel in rels:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    assert derived.problems(tmp_path) == []
    return tmp_path


def test_a_department_without_its_dockerfile_artifact_or_chart_entry_is_named(copy: Path) -> None:
    name = NAMES[-1]
    (copy / "services" / name / "Dockerfile").unlink()
    values = copy / deploy.CHART_VALUES
    values.write_text(values.read_text().replace(f"  {name}: {{}}\n", ""), encoding="utf-8")
    skaffold_file = copy / "skaffold.yaml"
    skaffold_file.write_text(skaffold_file.read_text().replace(f"image: {name}\n", "image: x\n", 1))
    assert derived.problems(copy) == [
        "skaffold.yaml is stale: run `make departments`",
        f"services/{name}/Dockerfile is missing: run `make departments`",
        f"{deploy.CHART_VALUES}: departments has no entry `{name}: {{}}` for [{name}] of departments.toml",
    ]


def test_a_chart_entry_for_no_department_and_an_edited_dockerfile_are_named(copy: Path) -> None:
    values = copy / deploy.CHART_VALUES
    values.write_text(values.read_text().replace("departments:\n", "departments:\n  culture: {}\n"))
    dockerfile = copy / "services" / NAMES[0] / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text() + "RUN true\n")
    assert derived.problems(copy) == [
        f"services/{NAMES[0]}/Dockerfile is stale: run `make departments`",
        f"{deploy.CHART_VALUES}: departments.culture is not in departments.toml",
    ]


def test_a_new_department_needs_one_list_entry_and_one_values_entry(copy: Path) -> None:
    with (copy / "departments.toml").open("a", encoding="utf-8") as f:
        f.write('\n[culture]\nport = 4099\ntitle = "文化 Culture"\nowns = "libraries"\n')
    found = derived.problems(copy)
    assert "skaffold.yaml is stale: run `make departments`" in found
    assert (
        f"{deploy.CHART_VALUES}: departments has no entry `culture: {{}}` for [culture] of departments.toml"
    ) in found
    generated = deploy.skaffold_yaml(parse_departments((copy / "departments.toml").read_text()))
    assert "dockerfile: services/culture/Dockerfile" in generated
    assert 'departments.culture.image.repository: "{{.IMAGE_REPO_culture}}"' in generated
