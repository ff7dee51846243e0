"""Service settings, read once from environment variables (twelve-factor)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal

Environment = Literal["development", "production"]


def _env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise RuntimeError(f"environment variable {name} is required")
    return value


@dataclass(frozen=True, slots=True)
class BusSettings:
    """How a service publishes and consumes events (see servicekit.bus)."""

    # Prefix of every stream name: "" gives `events.settlement`; tests and several suites
    # sharing one Redis use their own ("t1f2:" gives `t1f2:events.settlement`).
    namespace: str = ""
    # Outbox rows per publish, stream entries per read.
    batch_size: int = 200
    # The relay wakes on NOTIFY; without one it looks at the outbox this often anyway.
    # Consumers block on XREADGROUP for as long.
    poll_interval: float = 1.0
    # A delivered entry not acknowledged for this long is claimed again: by another
    # consumer if its consumer crashed, by the same one if applying it failed.
    redelivery_idle: float = 30.0
    # Deliveries of an entry whose handler keeps failing before it is dead-lettered.
    max_attempts: int = 5

    @classmethod
    def from_env(cls) -> BusSettings:
        return cls(
            namespace=os.environ.get("BUS_NAMESPACE", ""),
            batch_size=int(os.environ.get("BUS_BATCH_SIZE", "200")),
            poll_interval=int(os.environ.get("BUS_POLL_INTERVAL_MS", "1000")) / 1000,
            redelivery_idle=int(os.environ.get("BUS_REDELIVERY_IDLE_MS", "30000")) / 1000,
            max_attempts=int(os.environ.get("BUS_MAX_ATTEMPTS", "5")),
        )


@dataclass(frozen=True, slots=True)
class Settings:
    """What a service needs to start. Every field comes from one environment variable."""

    service_name: str
    database_url: str
    redis_url: str
    host: str = "127.0.0.1"
    port: int = 4001
    environment: Environment = "production"
    log_level: str = "INFO"
    db_pool_min: int = 1
    db_pool_max: int = 10
    bus: BusSettings = field(default_factory=BusSettings)

    @property
    def development(self) -> bool:
        return self.environment == "development"

    @classmethod
    def from_env(cls, service_name: str, default_port: int) -> Settings:
        environment = os.environ.get("APP_ENV", "production")
        if environment not in ("development", "production"):
            raise RuntimeError("APP_ENV must be 'development' or 'production'")
        return cls(
            service_name=os.environ.get("OTEL_SERVICE_NAME", service_name),
            database_url=_env("DATABASE_URL"),
            redis_url=_env("REDIS_URL"),
            host=os.environ.get("HOST", "127.0.0.1"),
            port=int(os.environ.get("PORT", str(default_port))),
            environment=environment,  # type: ignore[arg-type]
            log_level=os.environ.get("LOG_LEVEL", "INFO").upper(),
            db_pool_min=int(os.environ.get("DB_POOL_MIN", "1")),
            db_pool_max=int(os.environ.get("DB_POOL_MAX", "10")),
            bus=BusSettings.from_env(),
        )
