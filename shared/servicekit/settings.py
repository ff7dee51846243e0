"""Service settings, read once from environment variables (twelve-factor)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

Environment = Literal["development", "production"]


def _env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise RuntimeError(f"environment variable {name} is required")
    return value


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
        )
