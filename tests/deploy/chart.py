"""Renders the suite's chart with Helm's own Go library (helm-python-sdk: no helm binary)
for every case the tests look at, and reads the objects back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import helm_python as helm
import yaml

from devstack.deploy import CHART
from devstack.topology import ROOT, departments

CHART_DIR = ROOT / CHART
NAMESPACE = "fujian-citizenization"
# The workloads' kinds, and where their pod template is.
WORKLOAD_KINDS = ("Deployment", "Job")

Manifest = dict[str, Any]


@dataclass(frozen=True)
class Case:
    """One install: its name in test ids, its release name and its values."""

    id: str
    release: str
    values_file: Path | None = None
    only: str = ""

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if self.values_file is not None:
            values = yaml.safe_load(self.values_file.read_text(encoding="utf-8")) or {}

        if self.only:
            values.setdefault("global", {})["only"] = self.only
        return values


def ci_files() -> list[Path]:
    return sorted((CHART_DIR / "ci").glob("*.yaml"))


def cases() -> list[Case]:
    """The default install, each department alone, and every file under ci/."""
    return [
        Case("default", "fujian-citizenization"),
        *[Case(f"only-{d.name}", d.name, only=d.name) for d in departments()],
        *[Case(f"ci-{path.stem}", "fujian-citizenization", values_file=path) for path in ci_files()],
    ]


# What every installation must say: its identity provider (docs/security.md).
AUTH = {"issuer": "https://id.example.gov.cn", "audience": "fujian-gateway"}


def with_auth(values: dict[str, Any]) -> dict[str, Any]:
    gateway = values.get("gateway") or {}
    return {**values, "gateway": {**gateway, "auth": {**AUTH, **(gateway.get("auth") or {})}}}


@cache
def rendered(case: Case) -> tuple[Manifest, ...]:
    """Every object the case installs (hooks included, NOTES.txt not)."""
    values = with_auth(case.values())
    with helm.Chart.load(CHART_DIR) as chart:
        chart.validate_schema(values)
        files = chart.render(values, name=case.release, namespace=NAMESPACE, is_install=True)
    objects: list[Manifest] = []
    for path, text in sorted(files.items()):
        if path.endswith("NOTES.txt"):
            continue
        objects += [doc for doc in yaml.safe_load_all(text) if doc]
    return tuple(objects)


def render_values(values: dict[str, Any], release: str = "fujian-citizenization") -> list[Manifest]:
    values = with_auth(values)
    with helm.Chart.load(CHART_DIR) as chart:
        chart.validate_schema(values)
        files = chart.render(values, name=release, namespace=NAMESPACE, is_install=True)
    return [
        doc
        for path, text in files.items()
        if not path.endswith("NOTES.txt")
        for doc in yaml.safe_load_all(text)
        if doc
    ]


def of_kind(objects: tuple[Manifest, ...] | list[Manifest], kind: str) -> list[Manifest]:
    return [o for o in objects if o["kind"] == kind]


def name_of(obj: Manifest) -> str:
    return f"{obj['kind']}/{obj['metadata']['name']}"


def pod_spec(workload: Manifest) -> dict[str, Any]:
    spec: dict[str, Any] = workload["spec"]["template"]["spec"]
    return spec


def containers(workload: Manifest) -> Iterator[dict[str, Any]]:
    spec = pod_spec(workload)
    yield from spec.get("initContainers", [])
    yield from spec["containers"]


def pod_labels(workload: Manifest) -> dict[str, str]:
    labels: dict[str, str] = workload["spec"]["template"]["metadata"]["labels"]
    return labels
