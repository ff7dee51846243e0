"""The access log: every read of a person's data and every write is appended, chained so
that tampering shows, and auditors read it (servicekit.audit)."""

from __future__ import annotations

import asyncio
import os
import sys

import asyncpg
import pytest

from servicekit import audit
from settlement.app import SPEC as SETTLEMENT
from tests.conftest import ServeFactory
from tests.settlement.helpers import register
from tests.support import CLERK, ServiceUnderTest, caller

PERSON = "query P($id: ID!) { person(id: $id) { name idNumber } }"
HUKOU = "mutation H($i: RecordHukouInput!) { recordHukou(input: $i) { id } }"
LOG = "query L($id: ID!) { settlementAccessLog(personId: $id) { actor purpose operation fields traceId } }"


@pytest.fixture
async def settlement(serve: ServeFactory) -> ServiceUnderTest:
    return await serve(SETTLEMENT)


async def entries(service: ServiceUnderTest) -> list[asyncpg.Record]:
    return await service.pool.fetch("SELECT * FROM access_log ORDER BY id")


async def test_reads_and_writes_are_logged_with_who_why_and_which_fields(
    settlement: ServiceUnderTest,
) -> None:
    person = await register(settlement.client)
    before = len(await entries(settlement))
    officer = {**CLERK, "sub": "officer-9", "purpose": "case 2024-117: housing application"}
    await settlement.client.data(PERSON, {"id": person}, as_caller=officer)
    hukou = {"personId": person, "type": "RURAL", "regionCode": "350121", "recordedOn": "2001-01-01"}
    await settlement.client.data(HUKOU, {"i": hukou}, as_caller=officer)
    read, wrote = [dict(r) for r in (await entries(settlement))[before:]]
    assert (read["actor"], read["purpose"], read["person_id"], read["operation"], read["fields"]) == (
        "officer-9",
        "case 2024-117: housing application",
        person,
        "READ",
        ["identity"],
    )
    assert (wrote["operation"], wrote["fields"], wrote["person_id"]) == ("WRITE", ["recordHukou"], person)
    # The full ID number is logged as such when it is shown.
    await settlement.client.data(
        PERSON, {"id": person}, as_caller=caller("o-1", "person:read", "settlement:id-number:read")
    )
    assert (await entries(settlement))[-1]["fields"] == ["idNumber", "identity"]


async def test_the_log_is_append_only_and_tampering_breaks_the_chain(settlement: ServiceUnderTest) -> None:
    person = await register(settlement.client)
    for _ in range(3):
        await settlement.client.data(PERSON, {"id": person})
    async with settlement.pool.acquire() as conn:
        assert await audit.verify(conn) == []
        with pytest.raises(asyncpg.RaiseError, match="append-only"):
            await conn.execute("UPDATE access_log SET actor = 'nobody'")
        with pytest.raises(asyncpg.RaiseError, match="append-only"):
            await conn.execute("DELETE FROM access_log")
        first, second = [r["id"] for r in await conn.fetch("SELECT id FROM access_log ORDER BY id LIMIT 2")]
        # An owner who switches the triggers off can change rows, but not unnoticed.
        await conn.execute("SET session_replication_role = replica")
        await conn.execute("UPDATE access_log SET actor = 'nobody' WHERE id = $1", first)
        await conn.execute("DELETE FROM access_log WHERE id = $1", second)
        await conn.execute("SET session_replication_role = DEFAULT")
        problems = await audit.verify(conn)
    assert any(p.startswith(f"entry {first}: its content was changed") for p in problems), problems
    assert any("does not follow the entry before it" in p for p in problems), problems

    env = {
        **os.environ,
        "DATABASE_URL": settlement.settings.database_url,
        "REDIS_URL": settlement.settings.redis_url,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "servicekit.audit",
        "verify",
        "settlement",
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    assert process.returncode == 1 and f"entry {first}" in out.decode()


async def test_only_auditors_read_the_log(settlement: ServiceUnderTest) -> None:
    person = await register(settlement.client)
    await settlement.client.data(PERSON, {"id": person}, as_caller={**CLERK, "purpose": "check"})
    refused = await settlement.client.error(LOG, {"id": person})
    assert refused["extensions"]["code"] == "FORBIDDEN"
    log = (await settlement.client.data(LOG, {"id": person}, as_caller=caller("auditor-1", "audit:read")))[
        "settlementAccessLog"
    ]
    newest = log[0]
    assert (newest["actor"], newest["purpose"], newest["operation"], newest["fields"]) == (
        "clerk-1",
        "check",
        "READ",
        ["identity"],
    )
