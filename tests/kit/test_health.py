"""/healthz says the process is alive; /readyz says PostgreSQL and Redis answer."""

from __future__ import annotations

from devstack.servers import free_port
from settlement.app import SPEC
from tests.conftest import FreshDatabase, ServeFactory
from tests.support import serve_in_process


async def test_alive_and_ready(serve: ServeFactory) -> None:
    service = await serve(SPEC)
    assert (await service.http.get("/healthz")).json() == {"status": "ok"}
    ready = await service.http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "redis": "ok"}


async def test_not_ready_when_redis_does_not_answer(fresh_database: FreshDatabase) -> None:
    dsn = await fresh_database("health")
    nobody = f"redis://127.0.0.1:{free_port()}/0"
    async with serve_in_process(SPEC, dsn, nobody) as service:
        assert (await service.http.get("/healthz")).status_code == 200
        ready = await service.http.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["database"] == "ok"
        assert ready.json()["checks"]["redis"].startswith("unavailable")
