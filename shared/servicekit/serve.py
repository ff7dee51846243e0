"""Run a service with uvicorn; each service's `__main__` calls `run(SPEC)`.

uvloop and httptools are cheap wins on a CPU-bound subgraph; logging is the kit's JSON
logging, configured by the app factory, so uvicorn's own log config is switched off.
"""

from __future__ import annotations

import uvicorn

from servicekit.app import ServiceSpec


def run(spec: ServiceSpec, factory: str) -> None:
    """Serve `module:factory` (an app factory for `spec`) on its settings' HOST and PORT."""
    settings = spec.load_settings()
    uvicorn.run(
        factory,
        factory=True,
        host=settings.host,
        port=settings.port,
        loop="uvloop",
        http="httptools",
        lifespan="on",
        log_config=None,
        access_log=False,
        workers=settings.workers,
        timeout_graceful_shutdown=10,
    )
