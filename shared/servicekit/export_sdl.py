"""Print a service's subgraph SDL: `python -m servicekit.export_sdl settlement`.

`make sdl` writes it to `services/<name>/schema.graphql`, the committed contract that
composition reads and that a test compares with the live schema.
"""

from __future__ import annotations

import importlib
import sys

from servicekit.federation import sdl


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m servicekit.export_sdl <service package>")
    module = importlib.import_module(f"{sys.argv[1]}.schema")
    sys.stdout.write(sdl(module.schema))


if __name__ == "__main__":
    main()
