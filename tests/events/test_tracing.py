"""One trace across the bus: the consumer's span continues the producing request's trace
(the W3C traceparent travels in the envelope)."""

from __future__ import annotations

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from settlement.app import SPEC as SETTLEMENT
from social_security.app import SPEC as SOCIAL_SECURITY
from tests.bus.support import eventually
from tests.conftest import ServeFactory
from tests.events.test_departments import mutate
from tests.ids import make_id_number


async def test_the_consumers_span_continues_the_producing_requests_trace(
    serve: ServeFactory,
    spans: InMemorySpanExporter,
) -> None:
    settlement = await serve(SETTLEMENT)
    await serve(SOCIAL_SECURITY)
    spans.clear()
    await mutate(
        settlement,
        "registerPerson",
        "RegisterPersonInput",
        {"name": "林阿土", "idNumber": make_id_number("350121", serial=31)},
    )
    consume = "consume fujian.events.settlement.v1.PersonRegistered"

    async def consumed() -> bool:
        return any(s.name == consume for s in spans.get_finished_spans())

    await eventually(consumed)
    finished = spans.get_finished_spans()
    # The only request since spans.clear(): the registerPerson mutation.
    (request,) = [s for s in finished if s.kind is SpanKind.SERVER and s.name.startswith("POST")]
    (consumer,) = [s for s in finished if s.name == consume]
    assert consumer.kind is SpanKind.CONSUMER
    assert consumer.context is not None and request.context is not None
    assert consumer.context.trace_id == request.context.trace_id
    # And the projection's SQL runs inside the consumer's span, in the same trace.
    inside = [
        s
        for s in finished
        if s.parent is not None and consumer.context and s.parent.span_id == consumer.context.span_id
    ]
    assert any((s.attributes or {}).get("db.system") == "postgresql" for s in inside)
