"""`python -m devstack` (what `make run` calls): the whole suite on this machine."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import time
from pathlib import Path

from devstack import demo
from devstack.auth import DevAuth
from devstack.bus import write_stack_file
from devstack.node import ensure_gateway_dependencies
from devstack.processes import running
from devstack.servers import ensure_database, infrastructure
from devstack.topology import GATEWAY_PORT, ROOT, departments


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="devstack", description=__doc__)
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=ROOT / ".data",
        help="embedded PostgreSQL/Redis data and logs (default .data/)",
    )
    parser.add_argument("--no-demo", action="store_true", help="do not load demo data")
    args = parser.parse_args(argv)

    # Ctrl-C and SIGTERM both unwind the context managers below, stopping every process.
    # (SIGINT explicitly too: a shell starting us in the background would have it ignored.)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    ensure_gateway_dependencies()
    with infrastructure(args.data_dir) as infra:
        database_urls = {
            s.name: asyncio.run(ensure_database(infra.admin_dsn, s.database)) for s in departments()
        }
        log_dir = args.data_dir / "logs"
        write_stack_file(args.data_dir / "stack.json", database_urls, infra.redis_url)
        auth = DevAuth.at(args.data_dir / "auth")
        with running(departments(), database_urls, infra.redis_url, log_dir, auth=auth) as stack:
            gateway_url = f"http://127.0.0.1:{GATEWAY_PORT}/graphql"
            if not args.no_demo:
                added = demo.load(gateway_url, demo.generate(), token=auth.token("clerk"))
                print(f"demo data: {added} persons added" if added else "demo data: already loaded")
            print("\nRunning (Ctrl-C stops everything):")
            given = os.environ.get("DATABASE_URL")
            print(f"  PostgreSQL  {'from DATABASE_URL' if given else f'embedded in {args.data_dir}'}")
            print(f"  Redis       {infra.redis_url}")
            for process in stack.processes:
                print(f"  {process.name:<14} {process.url}   log: {process.log_file}")
            print(f"\n  GraphiQL    {gateway_url}")
            print(
                "\n  Every request needs a token (header `Authorization: Bearer <token>`):"
                "\n    make token ROLE=caseworker          reads every department's part"
                "\n    make token ROLE=officer:housing     reads and writes housing's records"
                "\n    make token ROLE=resident PERSON=<id> one resident's own record"
                "\n  `make token` lists the roles and their scopes (docs/security.md).\n",
                flush=True,
            )
            try:
                while all(p.popen.poll() is None for p in stack.processes):
                    time.sleep(0.5)
                dead = [p for p in stack.processes if p.popen.poll() is not None]
                for p in dead:
                    print(f"{p.name} stopped unexpectedly:\n{p.log_tail()}", file=sys.stderr)
                raise SystemExit(1)
            except KeyboardInterrupt:
                print("\nstopping…")


if __name__ == "__main__":
    main()
