"""Service settings: every environment variable a service reads, declared once, typed.

`Settings` (and its `bus` and `telemetry` parts) is the only place a service reads its
environment (twelve-factor). Each field names its variable, type, default and meaning; the
reference in docs/configuration.md is generated from these declarations (`make departments`).
A department with settings of its own subclasses `Settings` and names the subclass in its
`ServiceSpec` (settlement's `SettlementSettings` is the example).

A bad value fails at start-up with a message that names the variable:
`PORT: Input should be a valid integer, unable to parse string as an integer (got 'abc')`.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar, Literal, Self

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["development", "production"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class ConfigurationError(RuntimeError):
    """An environment variable is missing or has a bad value; the message names it."""


def env_field(
    variable: str,
    default: Any = ...,
    description: str = "",
    *,
    shown_default: str = "",
    **constraints: Any,
) -> Any:
    """A field read from exactly one environment variable (by that name, case as written).

    In code the field is set by its Python name (`Settings(port=8001)`); from the
    environment only by `variable`.
    """
    return Field(
        default,
        validation_alias=AliasChoices(variable),
        description=description,
        json_schema_extra={"env": variable, **({"shown_default": shown_default} if shown_default else {})},
        **constraints,
    )


def _extra(field: FieldInfo, key: str) -> str | None:
    extra = field.json_schema_extra
    value = extra.get(key) if isinstance(extra, dict) else None
    return None if value is None else str(value)


def env_variable(field: FieldInfo) -> str | None:
    """The environment variable an `env_field` reads; None for a section (bus, telemetry)."""
    return _extra(field, "env")


def shown_default(field: FieldInfo) -> str | None:
    """How the reference shows a default that is not a literal (`env_field(shown_default=)`)."""
    return _extra(field, "shown_default")


class _EnvSettings(BaseSettings):
    model_config = SettingsConfigDict(
        frozen=True,
        extra="ignore",
        case_sensitive=True,
        validate_by_name=True,
        validate_default=True,
    )

    @classmethod
    def from_env(cls, **overrides: Any) -> Self:
        """Read the environment; `ConfigurationError` naming each bad variable."""
        try:
            return cls(**overrides)
        except ValidationError as exc:
            raise ConfigurationError(describe(cls, exc)) from None


def describe(cls: type[BaseSettings], exc: ValidationError) -> str:
    """One line per bad variable, by its environment name."""
    lines = []
    for error in exc.errors():
        names = [str(part) for part in error["loc"]]
        variable = names[-1] if names else "?"
        field = cls.model_fields.get(variable)
        if field is not None:
            variable = env_variable(field) or variable
        got = error.get("input")
        shown = "" if error["type"] == "missing" or isinstance(got, dict) else f" (got {got!r})"
        lines.append(f"{variable}: {error['msg']}{shown}")
    return "bad configuration:\n  " + "\n  ".join(lines)


class BusSettings(_EnvSettings):
    """How a service publishes and consumes events (servicekit.bus)."""

    namespace: str = env_field(
        "BUS_NAMESPACE",
        "",
        "Prefix of every stream name: empty gives `events.settlement`; tests and suites "
        "sharing one Redis use their own (`t1f2:` gives `t1f2:events.settlement`).",
    )
    batch_size: int = env_field(
        "BUS_BATCH_SIZE",
        200,
        "Outbox rows per publish and stream entries per read.",
        ge=1,
        le=10_000,
    )
    poll_interval_ms: int = env_field(
        "BUS_POLL_INTERVAL_MS",
        1000,
        "The relay wakes on NOTIFY; without one it looks at the outbox this often anyway. "
        "Consumers block on XREADGROUP for as long.",
        ge=10,
    )
    redelivery_idle_ms: int = env_field(
        "BUS_REDELIVERY_IDLE_MS",
        30_000,
        "A delivered entry not acknowledged for this long is claimed again: by another "
        "consumer if its consumer crashed, by the same one if applying it failed.",
        ge=100,
    )
    max_attempts: int = env_field(
        "BUS_MAX_ATTEMPTS",
        5,
        "Deliveries of an entry whose handler keeps failing before it is dead-lettered.",
        ge=1,
    )

    @property
    def poll_interval(self) -> float:
        """BUS_POLL_INTERVAL_MS in seconds."""
        return self.poll_interval_ms / 1000

    @property
    def redelivery_idle(self) -> float:
        """BUS_REDELIVERY_IDLE_MS in seconds."""
        return self.redelivery_idle_ms / 1000


class TelemetrySettings(_EnvSettings):
    """The OpenTelemetry variables the kit itself looks at. The SDK and its exporters read
    the rest of the standard OTEL_* variables (endpoint headers, protocol, sampler,
    OTEL_RESOURCE_ATTRIBUTES) directly, as the OpenTelemetry specification defines them."""

    sdk_disabled: bool = env_field("OTEL_SDK_DISABLED", False, "true: no tracer or meter provider at all.")
    exporter_endpoint: str = env_field(
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "",
        "OTLP/HTTP endpoint (e.g. http://collector:4318); empty: nothing is exported, "
        "but trace ids still reach the logs and propagate.",
    )
    traces_endpoint: str = env_field(
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "", "Traces-only endpoint, overriding the above."
    )
    metrics_endpoint: str = env_field(
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "", "Metrics-only endpoint, overriding the above."
    )
    traces_exporter: str = env_field(
        "OTEL_TRACES_EXPORTER", "", "`otlp` to export traces, `none` to never export them."
    )
    metrics_exporter: str = env_field(
        "OTEL_METRICS_EXPORTER", "", "`otlp` to export metrics, `none` to never export them."
    )

    def exports(self, signal: Literal["traces", "metrics"]) -> bool:
        exporter = self.traces_exporter if signal == "traces" else self.metrics_exporter
        if exporter == "none":
            return False
        endpoint = self.traces_endpoint if signal == "traces" else self.metrics_endpoint
        return bool(exporter or self.exporter_endpoint or endpoint)


class Settings(_EnvSettings):
    """What every service needs to start."""

    # The sections a reference lists separately (devstack.settings_doc).
    SECTIONS: ClassVar[tuple[str, ...]] = ("bus", "telemetry")

    service_name: str = env_field(
        "OTEL_SERVICE_NAME",
        ...,
        "The service's name in traces, logs and metrics.",
        shown_default="the department's name",
        min_length=1,
    )
    database_url: str = env_field(
        "DATABASE_URL", ..., "PostgreSQL DSN of the department's own database.", min_length=1
    )
    redis_url: str = env_field("REDIS_URL", ..., "Redis URL (event streams).", min_length=1)
    host: str = env_field("HOST", "127.0.0.1", "Address to listen on (0.0.0.0 in a container).")
    port: int = env_field(
        "PORT",
        8000,
        "Port to listen on; `make run` gives each department its own from departments.toml.",
        ge=0,
        le=65535,
    )
    workers: int = env_field(
        "WEB_CONCURRENCY", 1, "uvicorn worker processes; more only help one busy service.", ge=1
    )
    environment: Environment = env_field(
        "APP_ENV",
        "production",
        "`development` turns on GraphiQL; anything the public may reach runs `production`.",
    )
    log_level: LogLevel = env_field("LOG_LEVEL", "INFO", "Least severe level logged.")
    gateway_public_url: str = env_field(
        "GATEWAY_PUBLIC_URL",
        "http://127.0.0.1:4000/graphql",
        "Where the development page at a subgraph's /graphql sends people: the gateway's GraphiQL.",
    )
    gateway_secret: SecretStr | None = env_field(
        "GATEWAY_HMAC_SECRET",
        None,
        "Secret shared with the gateway, which signs every request it sends (HMAC-SHA256, "
        "servicekit/trust.py); a request without a valid signature gets 401. At least 32 "
        "characters; required in production. Unset (development only): every caller is "
        "anonymous.",
    )
    max_request_bytes: int = env_field(
        "MAX_REQUEST_BYTES", 100_000, "Largest GraphQL request body accepted (413 above it).", ge=1_000
    )
    db_pool_min: int = env_field("DB_POOL_MIN", 1, "Connections the pool keeps open.", ge=0)
    db_pool_max: int = env_field("DB_POOL_MAX", 10, "Most connections the pool opens.", ge=1)
    migrate_on_start: bool = env_field(
        "MIGRATE_ON_START",
        True,
        "Apply the kit's and the department's migrations at start-up. `false`: only check that "
        "none is pending and refuse to start otherwise; the Helm chart sets it and runs "
        "`python -m servicekit.bus migrate <package>` as a Job before the pods roll.",
    )
    bus: BusSettings = Field(default_factory=BusSettings.from_env)
    telemetry: TelemetrySettings = Field(default_factory=TelemetrySettings.from_env)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_case_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("gateway_secret")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError("must be at least 32 characters")
        return value

    @property
    def development(self) -> bool:
        return self.environment == "development"

    @classmethod
    def for_service(cls, name: str) -> Self:
        """From the environment, `service_name` defaulting to the department's `name`."""
        defaults = {} if os.environ.get("OTEL_SERVICE_NAME") else {"service_name": name}
        return cls.from_env(**defaults)
