"""The probe services as real processes (for the crash tests):
`python -m tests.bus.probe_main producer|consumer`, configured by environment variables
like any service (DATABASE_URL, REDIS_URL, PORT, BUS_*)."""

from __future__ import annotations

import sys

from starlette.applications import Starlette

from servicekit.app import create_app
from servicekit.serve import run
from tests.bus.probe import CONSUMER_SPEC, PRODUCER_SPEC


def producer() -> Starlette:
    return create_app(PRODUCER_SPEC)


def consumer() -> Starlette:
    return create_app(CONSUMER_SPEC)


if __name__ == "__main__":
    spec = PRODUCER_SPEC if sys.argv[1] == "producer" else CONSUMER_SPEC
    run(spec, f"tests.bus.probe_main:{sys.argv[1]}")
