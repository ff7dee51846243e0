"""The bus's OpenTelemetry metrics (exported when an OTLP endpoint is configured)."""

from __future__ import annotations

from opentelemetry import metrics

_meter = metrics.get_meter("servicekit.bus")

published = _meter.create_counter(
    "bus.events.published", unit="{event}", description="Outbox rows published to their stream"
)
applied = _meter.create_counter(
    "bus.events.applied", unit="{event}", description="Events applied to this service's projections"
)
duplicates = _meter.create_counter(
    "bus.events.duplicates",
    unit="{event}",
    description="Deliveries skipped because the event had been applied already",
)
failed = _meter.create_counter(
    "bus.events.failed",
    unit="{event}",
    description="Deliveries whose handler failed; redelivered until BUS_MAX_ATTEMPTS",
)
dead_lettered = _meter.create_counter(
    "bus.events.dead_lettered",
    unit="{event}",
    description="Entries given up on and written to the dead-letter table and stream",
)
