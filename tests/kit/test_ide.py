"""A subgraph's development page works offline: nothing loads from a CDN, and it points
to the gateway's GraphiQL."""

from __future__ import annotations

from settlement.app import SPEC
from tests.conftest import ServeFactory


async def test_the_subgraph_page_needs_no_cdn_and_points_to_the_gateway(serve: ServeFactory) -> None:
    settlement = await serve(SPEC)
    page = await settlement.http.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "settlement subgraph" in page.text
    assert 'href="http://127.0.0.1:4000/graphql"' in page.text
    # Every script is inline: no src=, and no CDN host anywhere.
    assert "src=" not in page.text
    for cdn in ("unpkg", "jsdelivr", "cdnjs", "esm.sh"):
        assert cdn not in page.text
