"""departments.toml is the one list of departments: everything else agrees with it, and a
place that does not is named."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest

from devstack import departments as derived
from devstack.topology import ROOT, DepartmentListError, departments, parse_departments
from servicekit.app import ServiceSpec
from servicekit.federation import sdl

NAMES = [d.name for d in departments()]


def test_every_place_agrees_with_the_list() -> None:
    assert derived.problems() == []


@pytest.mark.parametrize("name", NAMES)
def test_the_department_package_serves_the_listed_name(name: str) -> None:
    dept = next(d for d in departments() if d.name == name)
    spec = importlib.import_module(f"{dept.package}.app").SPEC
    assert isinstance(spec, ServiceSpec)
    assert spec.name == dept.name, f"{dept.package}.app.SPEC.name must be {dept.name!r}"


@pytest.mark.parametrize("name", NAMES)
def test_committed_sdl_equals_live_schema(name: str) -> None:
    dept = next(d for d in departments() if d.name == name)
    committed = dept.schema_file.read_text(encoding="utf-8")
    assert derived.sdl_of(dept) == committed, f"run `make sdl` and commit services/{name}/schema.graphql"
    assert 'federation/v2.9"' in committed
    assert sdl(importlib.import_module(f"{dept.package}.schema").schema) == committed


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The files the checks read, copied into a throwaway root."""
    for rel in ["departments.toml", "pyproject.toml", "uv.lock", *derived.DERIVED, *derived.CHECKED]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    for dept in departments():
        target = tmp_path / "services" / dept.name
        (target / dept.package).mkdir(parents=True)
        for rel in [
            "pyproject.toml",
            "schema.graphql",
            f"{dept.package}/__init__.py",
            *(
                p.format(name=dept.name).removeprefix(f"services/{dept.name}/")
                for p in derived.PER_DEPARTMENT
            ),
        ]:
            shutil.copy(dept.directory / rel, target / rel)
    assert derived.problems(tmp_path) == []
    return tmp_path


def test_a_service_folder_missing_from_the_list_is_named(copy: Path) -> None:
    extra = copy / "services" / "culture"
    extra.mkdir()
    (extra / "pyproject.toml").write_text('[project]\nname = "culture"\n')
    assert derived.problems(copy) == ["services/culture/ exists but departments.toml has no [culture]"]


def test_a_listed_department_without_its_folder_uv_lock_or_derived_files_is_named(copy: Path) -> None:
    with (copy / "departments.toml").open("a", encoding="utf-8") as f:
        f.write('\n[culture]\nport = 4099\ntitle = "文化 Culture"\nowns = "public rental culture"\n')
    found = derived.problems(copy)
    assert "departments.toml lists [culture] but services/culture/pyproject.toml is missing" in found
    assert "gateway/subgraphs.json is stale: run `make departments`" in found

    folder = copy / "services" / "culture"
    (folder / "culture").mkdir(parents=True)
    (folder / "culture" / "__init__.py").write_text("")
    (folder / "pyproject.toml").write_text('[project]\nname = "culture"\n')
    found = derived.problems(copy)
    assert "uv.lock has no package 'culture': run `uv lock` (make install)" in found
    assert "services/culture/schema.graphql is missing: run `make sdl`" in found


def test_a_stale_derived_file_is_named(copy: Path) -> None:
    (copy / "gateway" / "subgraphs.json").write_text("[]\n")
    assert derived.problems(copy) == ["gateway/subgraphs.json is stale: run `make departments`"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[Housing]\nport = 4100\ntitle = "t"\nowns = "o"\n', "kebab-case"),
        (
            '[a]\nport = 4001\ntitle = "t"\nowns = "o"\n[b]\nport = 4001\ntitle = "t"\nowns = "o"\n',
            "port 4001 is already a's",
        ),
        ('[a]\nport = 4000\ntitle = "t"\nowns = "o"\n', "already the gateway's"),
        ('[a]\nport = "4001"\ntitle = "t"\nowns = "o"\n', "port must be an integer"),
        ('[a]\nport = 4001\ntitle = "t"\nowns = "o"\ndatabase = "x"\n', "unknown keys ['database']"),
        ('[a]\nport = 4001\nowns = "o"\n', "title must be a non-empty string"),
        ("", "no departments"),
    ],
)
def test_a_malformed_list_is_refused_with_the_entry_named(text: str, message: str) -> None:
    with pytest.raises(DepartmentListError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_departments(text)
