"""Samples of every event type, one module per producer: `samples/<package>.py` with a
`SAMPLES` dict (the scaffold makes one for a new department)."""

from __future__ import annotations

import importlib
import pkgutil

from google.protobuf.message import Message


def all_samples() -> dict[str, Message]:
    found: dict[str, Message] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.update(module.SAMPLES)
    return found
