"""OpenTelemetry, configured only through the standard OTEL_* environment variables.

With no exporter configured (no OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_TRACES_EXPORTER) spans
are still created, so trace ids reach the logs and the W3C `traceparent` is propagated,
but nothing is exported. Metrics (the bus's counters) are exported the same way when
OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_METRICS_EXPORTER is set.
"""

from __future__ import annotations

from opentelemetry import metrics, trace
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.instrumentation.redis import RedisInstrumentor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from servicekit.settings import TelemetrySettings

_configured = False


def configure_telemetry(service_name: str, settings: TelemetrySettings) -> None:
    """Install the tracer provider and instrument asyncpg and redis, once per process."""
    global _configured
    if _configured:
        return
    _configured = True
    if settings.sdk_disabled:
        return
    # Resource attributes from OTEL_RESOURCE_ATTRIBUTES are merged by Resource.create.
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service_name}))
    resource = provider.resource
    if settings.exports("traces"):
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    if settings.exports("metrics"):
        # Without an exporter the API's no-op meter stays: counting for nobody costs nothing.
        from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter

        reader = PeriodicExportingMetricReader(OTLPMetricExporter())
        metrics.set_meter_provider(MeterProvider(resource=resource, metric_readers=[reader]))
    AsyncPGInstrumentor().instrument()  # type: ignore[no-untyped-call]  # its __init__ is unannotated
    RedisInstrumentor().instrument()


def flush_telemetry() -> None:
    """Export what is buffered. The providers themselves shut down at process exit."""
    provider = trace.get_tracer_provider()
    if isinstance(provider, TracerProvider):
        provider.force_flush(timeout_millis=5000)
    meter_provider = metrics.get_meter_provider()
    if isinstance(meter_provider, MeterProvider):
        meter_provider.force_flush(timeout_millis=5000)
