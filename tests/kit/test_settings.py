"""Settings come from the environment, typed; a bad value names its variable."""

from __future__ import annotations

import pytest

from servicekit.settings import ConfigurationError, Settings
from settlement.app import SPEC as SETTLEMENT
from settlement.settings import SettlementSettings

REQUIRED = {"DATABASE_URL": "postgresql://db/x", "REDIS_URL": "redis://r/0"}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        "OTEL_SERVICE_NAME",
        "PORT",
        "APP_ENV",
        "LOG_LEVEL",
        "BUS_POLL_INTERVAL_MS",
        "PERMIT_EXPIRY_SWEEP_SECONDS",
        "DB_POOL_MAX",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def test_values_come_typed_from_their_variables(env: pytest.MonkeyPatch) -> None:
    env.setenv("PORT", "4101")
    env.setenv("LOG_LEVEL", "debug")
    env.setenv("BUS_POLL_INTERVAL_MS", "250")
    settings = Settings.for_service("housing")
    assert (settings.service_name, settings.port, settings.log_level) == ("housing", 4101, "DEBUG")
    assert settings.database_url == "postgresql://db/x"
    assert settings.bus.poll_interval == 0.25
    assert settings.environment == "production" and not settings.development
    env.setenv("OTEL_SERVICE_NAME", "housing-canary")
    assert Settings.for_service("housing").service_name == "housing-canary"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("PORT", "abc", "PORT: Input should be a valid integer"),
        ("PORT", "70000", "PORT: Input should be less than or equal to 65535"),
        ("APP_ENV", "staging", "APP_ENV: Input should be 'development' or 'production'"),
        ("BUS_POLL_INTERVAL_MS", "0", "BUS_POLL_INTERVAL_MS: Input should be greater than or equal to 10"),
        ("DB_POOL_MAX", "", "DB_POOL_MAX: Input should be a valid integer"),
        ("PERMIT_EXPIRY_SWEEP_SECONDS", "-1", "PERMIT_EXPIRY_SWEEP_SECONDS: Input should be greater than 0"),
    ],
)
def test_a_bad_value_names_the_variable(
    env: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    env.setenv(variable, value)
    with pytest.raises(ConfigurationError, match=message.replace("(", r"\(")):
        SETTLEMENT.load_settings()


def test_a_missing_variable_is_named(env: pytest.MonkeyPatch) -> None:
    env.delenv("DATABASE_URL")
    with pytest.raises(ConfigurationError, match="DATABASE_URL: Field required"):
        Settings.for_service("settlement")


def test_a_department_adds_its_own_settings(env: pytest.MonkeyPatch) -> None:
    env.setenv("PERMIT_EXPIRY_SWEEP_SECONDS", "60")
    settings = SETTLEMENT.load_settings()
    assert isinstance(settings, SettlementSettings)
    assert settings.permit_expiry_sweep_seconds == 60.0
    assert settings.service_name == "settlement"


def test_settings_are_frozen(env: pytest.MonkeyPatch) -> None:
    settings = Settings.for_service("settlement")
    with pytest.raises(ValueError, match="frozen"):
        settings.port = 1  # type: ignore[misc]
