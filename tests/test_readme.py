"""The README's examples work: its mutations run as written, and its example regions hold
persons in the demo data that `make run` loads."""

from __future__ import annotations

import json
import re
from pathlib import Path

from devstack.demo import generate
from servicekit.identity import region_prefix
from settlement.app import SPEC as SETTLEMENT
from social_security.app import SPEC as SOCIAL_SECURITY
from tests.conftest import ServeFactory

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_example_regions_return_demo_persons() -> None:
    people = generate()
    found = re.search(r'with variables `(\{"region": "\d{6}"\})`', README)
    assert found is not None
    example = json.loads(found[1])
    regions = [example["region"], "350000", "350122"]
    for region in regions:
        prefix = region_prefix(region)
        assert any(p.hukou_region.startswith(prefix) for p in people), region
    fuzhou = sum(p.hukou_region.startswith("3501") for p in people)
    lianjiang = sum(p.hukou_region == "350122" for p in people)
    assert f"Fuzhou: {fuzhou} of the demo residents" in README
    assert f"Lianjiang county with {lianjiang}" in README


async def test_the_readme_mutations_run_as_written(serve: ServeFactory) -> None:
    settlement = await serve(SETTLEMENT)
    social_security = await serve(SOCIAL_SECURITY)
    mutations = re.findall(r"^mutation \w+\(.*$", README, flags=re.MULTILINE)
    register = re.search(r"```graphql\n(mutation Register.*?)```", README, flags=re.DOTALL)
    assert register is not None
    variables = [json.loads(v) for v in re.findall(r'`(\{"input": \{.*?\}\})`', README)]
    registered = await settlement.client.data(register[1], variables[0])
    person = registered["registerPerson"]["id"]
    operations = [m for m in mutations if not m.startswith("mutation Register")]
    assert len(operations) == len(variables) - 1 == 4
    for operation, given in zip(operations, variables[1:], strict=True):
        given["input"]["personId"] = person
        service = social_security if "registerPoverty" in operation else settlement
        await service.client.data(operation, given)
