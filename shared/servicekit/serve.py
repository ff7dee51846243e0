"""Run a service with uvicorn; each service's `__main__` calls `run`.

uvloop and httptools are cheap wins on a CPU-bound subgraph; logging is the kit's JSON
logging, configured by the app factory, so uvicorn's own log config is switched off.
"""

from __future__ import annotations

import os

import uvicorn


def run(factory: str, *, default_port: int) -> None:
    """Serve `module:factory` on HOST (default 127.0.0.1) and PORT (default `default_port`)."""
    uvicorn.run(
        factory,
        factory=True,
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", str(default_port))),
        loop="uvloop",
        http="httptools",
        lifespan="on",
        log_config=None,
        access_log=False,
        workers=int(os.environ.get("WEB_CONCURRENCY", "1")),
        timeout_graceful_shutdown=10,
    )
