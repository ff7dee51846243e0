"""`_entities` and list fields cost a fixed number of SQL statements, whatever the number of
persons (DataLoaders per request). Counted from the asyncpg spans OpenTelemetry records."""

from __future__ import annotations

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from settlement.app import SPEC
from tests.conftest import ServeFactory
from tests.ids import make_id_number
from tests.support import ServiceUnderTest

ENTITIES = """
query E($r: [_Any!]!) { _entities(representations: $r) { ... on Person {
  id name hukou { type } residencePermits { id } residenceHistory { id } hukouHistory { type }
} } }"""


def sql_statements(exporter: InMemorySpanExporter) -> int:
    # Only the request's statements: those in the trace of the HTTP request's server span.
    # The bus's workers (the relay polling and publishing the outbox) have traces of their own.
    spans = exporter.get_finished_spans()
    requests = {s.context.trace_id for s in spans if s.kind is SpanKind.SERVER and s.context}
    return sum(
        1
        for s in spans
        if s.attributes
        and s.context
        and s.attributes.get("db.system") == "postgresql"
        and s.context.trace_id in requests
    )


async def person_ids(service: ServiceUnderTest, n: int) -> list[str]:
    ids = []
    for serial in range(n):
        data = await service.client.data(
            "mutation R($i: RegisterPersonInput!) { registerPerson(input: $i) { id } }",
            {"i": {"name": "测试", "idNumber": make_id_number(serial=serial)}},
        )
        ids.append(data["registerPerson"]["id"])
    return ids


async def test_statements_do_not_grow_with_the_number_of_persons(
    serve: ServeFactory, spans: InMemorySpanExporter
) -> None:
    service = await serve(SPEC)
    ids = await person_ids(service, 25)
    counts = []
    for n in (1, 25):
        spans.clear()
        reps = [{"__typename": "Person", "id": i} for i in ids[:n]]
        data = await service.client.data(ENTITIES, {"r": reps})
        assert len(data["_entities"]) == n
        counts.append(sql_statements(spans))
    # Four queries (persons, permits, periods, hukou history), and three that append the
    # request's access-log entries (lock, chain head, one insert for every person); the
    # asyncpg instrumentation records a span for preparing and one for running each.
    assert counts[0] == counts[1] == 14, counts
