"""Settlement's settings: the kit's, plus what only settlement reads."""

from __future__ import annotations

from servicekit.settings import Settings, env_field


class SettlementSettings(Settings):
    permit_expiry_sweep_seconds: float = env_field(
        "PERMIT_EXPIRY_SWEEP_SECONDS",
        3600.0,
        "How often the sweep publishes ResidencePermitExpired for permits that ran out "
        "(it also sweeps at start-up).",
        gt=0,
    )
