"""The demo data `make run` loads shows every entitlement both ways: someone for whom it
is granted or eligible, and someone refused or asked for more information — seen through
the gateway, as the README's query shows them."""

from __future__ import annotations

from collections import defaultdict

import pytest

from devstack.demo import generate, load
from devstack.processes import Stack
from tests.e2e.client import Quiet, ok
from tests.rules.cases import books

pytestmark = pytest.mark.e2e

BOOKS = books()
POSITIVE = {"ELIGIBLE", "GRANTED"}
NEGATIVE = {"INELIGIBLE", "NEEDS_INFORMATION", "NOT_APPLICABLE"}


PAGE = (
    "query Page($region: String, $without: Boolean!, $after: String) { "
    "persons(regionCode: $region, withoutHukou: $without, first: 100, after: $after) { items { id "
    + " ".join(f"{b.department.field} {{ entitlements {{ code status }} }}" for b in BOOKS)
    + " } nextCursor } }"
)


async def test_every_entitlement_is_shown_granted_or_eligible_and_refused(stack: Stack, quiet: Quiet) -> None:
    assert load(stack.by_name("gateway").url, generate(), token=stack.token("clerk")) > 0
    await quiet.wait()
    statuses: dict[str, set[str]] = defaultdict(set)
    for region, without in (("350000", False), (None, True)):
        after = None
        while True:
            page = ok(stack, PAGE, {"region": region, "without": without, "after": after})["persons"]
            for person in page["items"]:
                for book in BOOKS:
                    for entitlement in person[book.department.field]["entitlements"]:
                        statuses[entitlement["code"]].add(entitlement["status"])
            after = page["nextCursor"]
            if after is None:
                break
    codes = [code for book in BOOKS for code in book.codes]
    one_sided = {
        code: sorted(statuses[code])
        for code in codes
        if not (statuses[code] & POSITIVE and statuses[code] & NEGATIVE)
    }
    assert not one_sided, f"the demo shows these only one way: {one_sided}"
