"""A page of persons with their entitlements costs each subgraph a fixed number of SQL
statements, whatever the page size: the facts are loaded per kind for the whole page
(DataLoaders), then the pure rules run in memory. Counted from the asyncpg spans."""

from __future__ import annotations

import importlib
import uuid

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.conftest import ServeFactory
from tests.kit.test_batching import person_ids, sql_statements
from tests.rules.cases import Book, books

BOOKS = books()


@pytest.mark.parametrize("book", BOOKS, ids=[b.department.name for b in BOOKS])
async def test_a_page_of_entitlements_costs_a_fixed_number_of_statements(
    serve: ServeFactory, spans: InMemorySpanExporter, book: Book
) -> None:
    spec = importlib.import_module(f"{book.department.package}.app").SPEC
    service = await serve(spec)
    if book.department.name == "settlement":
        ids = await person_ids(service, 100)
    else:  # persons it has not heard of: every loader still runs, once per page
        ids = [str(uuid.uuid4()) for _ in range(100)]
    query = (
        "query E($r: [_Any!]!, $asOf: Date) { _entities(representations: $r) { ... on Person { "
        f"{book.department.field} {{ entitlements(asOf: $asOf) {{ code status "
        "reasons { code facts { name value } } } } } } }"
    )
    counts = []
    for n in (1, 10, 100):
        spans.clear()
        reps = [{"__typename": "Person", "id": i} for i in ids[:n]]
        data = await service.client.data(query, {"r": reps, "asOf": "2020-06-01"})
        assert len(data["_entities"]) == n
        counts.append(sql_statements(spans))
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 40, counts
