"""`python -m devstack.departments <command>`: what the suite derives from departments.toml.

sync    write the derived files (gateway/subgraphs.json, docs/configuration.md,
        skaffold.yaml, services/<name>/Dockerfile, the chart's supergraph copy)
check   exit 1, naming each place, when services/, the list, the uv workspace or a
        derived file disagree (tests/platform/test_departments.py runs the same checks)
sdl     write each department's SDL to services/<name>/schema.graphql
names   print the department names, one per line
"""

from __future__ import annotations

import importlib
import json
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

from devstack import deploy
from devstack.topology import ROOT, Department, departments, parse_departments


def subgraphs_json(depts: tuple[Department, ...]) -> str:
    """The gateway's subgraph list (read by compose.mjs and gateway.config.ts)."""
    entries = [
        {"name": d.name, "url": d.url, "schema": f"../services/{d.name}/schema.graphql"} for d in depts
    ]
    lines = ",\n".join("  " + json.dumps(e, ensure_ascii=False) for e in entries)
    return "[\n" + lines + "\n]\n"


def configuration_doc(depts: tuple[Department, ...]) -> str:
    from devstack.settings_doc import render

    return render(depts)


def clauses_doc(depts: tuple[Department, ...]) -> str:
    from devstack.clause_table import render

    return render(depts)


# Each derived file: its path below the repository root, and how to make it from the list.
DERIVED: dict[str, Callable[[tuple[Department, ...]], str]] = {
    "gateway/subgraphs.json": subgraphs_json,
    "docs/configuration.md": configuration_doc,
    "docs/clauses.md": clauses_doc,
    "skaffold.yaml": deploy.skaffold_yaml,
    deploy.CHART_SUPERGRAPH: deploy.chart_supergraph,
}

# Each department's own derived files: a path with {name}, and how to make it.
PER_DEPARTMENT: dict[str, Callable[[Department], str]] = {
    "services/{name}/Dockerfile": deploy.dockerfile,
}

# Files checked against the list but not written (they hold more than the list says):
# each check returns its problems, each named.
CHECKED: dict[str, Callable[[Path, tuple[Department, ...]], list[str]]] = {
    deploy.CHART_VALUES: deploy.chart_values_problems,
}


def sdl_of(dept: Department) -> str:
    from servicekit.federation import sdl

    module = importlib.import_module(f"{dept.package}.schema")
    return sdl(module.schema)


def problems(root: Path = ROOT) -> list[str]:
    """Every place below `root` that disagrees with its departments.toml, each named."""
    found: list[str] = []
    try:
        depts = parse_departments((root / "departments.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [str(exc)]
    listed = {d.name for d in depts}
    on_disk = {p.name for p in (root / "services").iterdir() if (p / "pyproject.toml").exists()}
    for name in sorted(on_disk - listed):
        found.append(f"services/{name}/ exists but departments.toml has no [{name}]")
    for name in sorted(listed - on_disk):
        found.append(f"departments.toml lists [{name}] but services/{name}/pyproject.toml is missing")

    workspace = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    members = workspace["tool"]["uv"]["workspace"]["members"]
    if "services/*" not in members:
        found.append("pyproject.toml [tool.uv.workspace] members must include services/*")
    lock = tomllib.loads((root / "uv.lock").read_text(encoding="utf-8"))
    locked = {p["name"] for p in lock.get("package", [])}
    for d in depts:
        if d.name not in on_disk:
            continue
        directory = root / "services" / d.name
        project = tomllib.loads((directory / "pyproject.toml").read_text(encoding="utf-8"))
        if project["project"]["name"] != d.name:
            found.append(f"services/{d.name}/pyproject.toml: project name must be {d.name!r}")
        if d.name not in locked:
            found.append(f"uv.lock has no package {d.name!r}: run `uv lock` (make install)")
        if not (directory / d.package / "__init__.py").exists():
            found.append(f"services/{d.name}/{d.package}/__init__.py is missing")
        if not (directory / "schema.graphql").exists():
            found.append(f"services/{d.name}/schema.graphql is missing: run `make sdl`")
    for rel, make in DERIVED.items():
        path = root / rel
        if not path.exists():
            found.append(f"{rel} is missing: run `make departments`")
            continue
        try:
            expected = make(depts)
        except ImportError as exc:  # a listed department whose package is not there yet
            found.append(f"{rel} cannot be generated ({exc}): fix the above, then `make departments`")
            continue
        if path.read_text(encoding="utf-8") != expected:
            found.append(f"{rel} is stale: run `make departments`")
    for d in depts:
        for pattern, make_one in PER_DEPARTMENT.items():
            rel = pattern.format(name=d.name)
            if d.name not in on_disk:
                continue  # named above
            if not (root / rel).exists():
                found.append(f"{rel} is missing: run `make departments`")
            elif (root / rel).read_text(encoding="utf-8") != make_one(d):
                found.append(f"{rel} is stale: run `make departments`")
    for check in CHECKED.values():
        found += check(root, depts)
    return found


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "check"
    if command == "sync":
        for rel, make in DERIVED.items():
            path = ROOT / rel
            content = make(departments())
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                path.write_text(content, encoding="utf-8")
                print(f"wrote {path.relative_to(ROOT)}")
        for d in departments():
            for pattern, make_one in PER_DEPARTMENT.items():
                path = ROOT / pattern.format(name=d.name)
                content = make_one(d)
                if path.parent.exists() and (
                    not path.exists() or path.read_text(encoding="utf-8") != content
                ):
                    path.write_text(content, encoding="utf-8")
                    print(f"wrote {path.relative_to(ROOT)}")
    elif command == "check":
        found = problems()
        for problem in found:
            print(problem, file=sys.stderr)
        if found:
            raise SystemExit(1)
        print(f"{len(departments())} departments; every derived place agrees")
    elif command == "sdl":
        for d in departments():
            d.schema_file.write_text(sdl_of(d), encoding="utf-8")
            print(f"wrote services/{d.name}/schema.graphql")
    elif command == "names":
        print("\n".join(d.name for d in departments()))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
