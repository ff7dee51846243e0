"""`python -m devstack.scaffold <name> [--title T]`: see devstack.scaffold."""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

from devstack.topology import DEPARTMENTS_FILE, GATEWAY_PORT, NAME, ROOT, departments

TEMPLATES = Path(__file__).parent / "templates"
# Python keywords and packages a department's package name would shadow.
RESERVED = {
    "servicekit",
    "devstack",
    "tests",
    "fujian",
    "gateway",
    "shared",
    "bench",
    "tools",
    "proto",
    "charts",
    "services",
    "docs",
    "test",
    "types",
    "email",
    "json",
    "string",
    "logging",
    "random",
    "secrets",
    "site",
    "select",
    "signal",
}


def replacements(name: str, title: str, port: int) -> dict[str, str]:
    package = name.replace("-", "_")
    camel = "".join(part.capitalize() for part in name.split("-"))
    return {
        "__NAME__": name,
        "__PACKAGE__": package,
        "__CAMEL__": camel,
        "__FIELD__": camel[0].lower() + camel[1:],
        "__TITLE__": title,
        "__PORT__": str(port),
    }


def fill(text: str, values: dict[str, str]) -> str:
    for marker, value in values.items():
        text = text.replace(marker, value)
    return text


def next_port() -> int:
    return max([GATEWAY_PORT, *(d.port for d in departments())]) + 1


def check_name(name: str) -> None:
    if not NAME.match(name):
        raise SystemExit(f"{name!r}: a department's name is kebab-case, e.g. social-security")
    package = name.replace("-", "_")
    if package in RESERVED or not package.isidentifier():
        raise SystemExit(f"{name!r} would make the Python package {package!r}, which is taken")
    if any(d.name == name for d in departments()):
        raise SystemExit(f"departments.toml already lists [{name}]")
    if (ROOT / "services" / name).exists():
        raise SystemExit(f"services/{name}/ already exists")


def write_files(values: dict[str, str]) -> list[Path]:
    written = []
    for template in sorted(TEMPLATES.rglob("*.tmpl")):
        rel = Path(fill(str(template.relative_to(TEMPLATES)), values)).with_suffix("")
        target = ROOT / rel
        if target.exists():
            raise SystemExit(f"{rel} already exists; nothing was written after it")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(fill(template.read_text(encoding="utf-8"), values), encoding="utf-8")
        written.append(rel)
    return written


def append_to_list(name: str, title: str, port: int) -> None:
    entry = (
        f"\n[{name}]\nport = {port}\ntitle = {title!r}\n"
        f'owns = "(what {name} is the single source of truth for)"\nclauses = []\n'
    ).replace("'", '"')
    with DEPARTMENTS_FILE.open("a", encoding="utf-8") as f:
        f.write(entry)


CHART_VALUES = ROOT / "charts" / "fujian-citizenization" / "values.yaml"


def add_to_chart(name: str) -> None:
    """The department's entry in the chart's `departments:` map (the chart's defaults apply;
    tests/deploy names a department without one)."""
    lines = CHART_VALUES.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("departments:\n")
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    lines.insert(end, f"  {name}: {{}}\n")
    CHART_VALUES.write_text("".join(lines), encoding="utf-8")


def run(*command: str) -> None:
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, check=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="new-department", description=__doc__)
    parser.add_argument("name", help="kebab-case, e.g. housing")
    parser.add_argument("--title", help='shown in docs, e.g. "住房 Housing"')
    parser.add_argument("--no-derive", action="store_true", help="only write the files and the list entry")
    args = parser.parse_args(argv)
    check_name(args.name)
    port = next_port()
    title = args.title or args.name.replace("-", " ").capitalize()
    values = replacements(args.name, re.sub(r'["\\]', "", title), port)
    written = write_files(values)
    append_to_list(args.name, values["__TITLE__"], port)
    add_to_chart(args.name)
    print(f"created {len(written)} files for {args.name} (port {port}):")
    for rel in written:
        print(f"  {rel}")
    if not args.no_derive:
        make = ["make", "--no-print-directory"]
        run(str(ROOT / ".tools" / "bin" / "uv"), "lock", "--quiet")
        run(*make, "install", "proto", "sdl", "departments", "compose")
        run(
            str(ROOT / ".venv" / "bin" / "ruff"),
            "format",
            "--quiet",
            # The templates are written for reading; the files follow the repository's format.
            *(str(rel) for rel in written if rel.suffix == ".py"),
        )
    print(f"\nNext: docs/adding-a-department.md — fill in services/{args.name}/, then `make test`.")


if __name__ == "__main__":
    main()
