"""`python -m devstack.bus <command> <service>` (what `make events` calls): a command of
`python -m servicekit.bus` (status, dead-letters, replay, redrive, republish) against the
stack that `make run` started, whose connection details it wrote to .data/stack.json."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from devstack.topology import ROOT, departments

STACK_FILE = ROOT / ".data" / "stack.json"


def write_stack_file(path: Path, database_urls: dict[str, str], redis_url: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"databases": database_urls, "redis_url": redis_url}, indent=2))


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        raise SystemExit(
            "usage: python -m devstack.bus <status|dead-letters|replay|redrive|republish> <service>"
        )
    command, service, *rest = args
    by_name = {s.name: s for s in departments()}
    if service not in by_name:
        raise SystemExit(f"unknown service {service!r}; one of: {', '.join(by_name)}")
    if not STACK_FILE.exists():
        raise SystemExit(f"{STACK_FILE} not found: start the suite with `make run` first")
    stack = json.loads(STACK_FILE.read_text())
    os.environ["DATABASE_URL"] = stack["databases"][service]
    os.environ["REDIS_URL"] = stack["redis_url"]
    from servicekit.bus.__main__ import main as bus_main

    bus_main([command, by_name[service].module, *rest])


if __name__ == "__main__":
    main()
