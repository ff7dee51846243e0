"""The access log: who read or wrote which person's data, which fields, why and when.

Resolvers that hand out a person's data already pass through `servicekit.access`; it notes
the person and the field in the request's `AccessTrail`. When the request has been
answered, the trail is appended to the owning service's `access_log`, one row per person,
each row's `hash` the SHA-256 of the previous row's hash and its own content, so that a
changed, removed or reordered entry breaks the chain:

    python -m servicekit.audit verify settlement   # exits 1 naming each broken entry

Auditors (scope `audit:read`) read a person's entries through the gateway
(`<department>AccessLog(personId:)`).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import strawberry
from strawberry.types import Info as StrawberryInfo

from servicekit.caller import Caller
from servicekit.db import Connection
from servicekit.federation import graphql_name

MIGRATIONS = Path(__file__).with_name("audit_migrations")
AUDIT_SCOPE = "audit:read"
GENESIS = "0" * 64
_APPEND_LOCK = 0x61756469  # one appender at a time per database: the chain has one head


@dataclass
class AccessTrail:
    """The persons a request read or wrote, and through which fields."""

    reads: dict[str, set[str]] = field(default_factory=dict)
    writes: dict[str, set[str]] = field(default_factory=dict)

    def read(self, person_id: object, field_name: str) -> None:
        self.reads.setdefault(str(person_id), set()).add(field_name)

    def wrote(self, person_id: object, field_name: str) -> None:
        self.writes.setdefault(str(person_id), set()).add(field_name)

    def __bool__(self) -> bool:
        return bool(self.reads or self.writes)


def _content(row: dict[str, Any]) -> str:
    return json.dumps(
        {
            k: row[k]
            for k in ("at", "actor", "scopes", "purpose", "person_id", "operation", "fields", "trace_id")
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def chain(prev_hash: str, row: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + "\n" + _content(row)).encode()).hexdigest()


async def append(pool: asyncpg.Pool, trail: AccessTrail, caller: Caller, trace_id: str | None) -> None:
    """Append the trail's entries, chained, in one transaction."""
    at = datetime.now(UTC).isoformat()
    rows: list[dict[str, Any]] = [
        {
            "at": at,
            "actor": caller.subject or "anonymous",
            "scopes": " ".join(sorted(caller.scopes)),
            "purpose": caller.purpose,
            "person_id": person,
            "operation": operation,
            "fields": sorted(fields),
            "trace_id": trace_id,
        }
        for operation, entries in (("READ", trail.reads), ("WRITE", trail.writes))
        for person, fields in sorted(entries.items())
    ]
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _APPEND_LOCK)
        head = await conn.fetchval("SELECT hash FROM access_log ORDER BY id DESC LIMIT 1") or GENESIS
        for row in rows:
            row["prev_hash"], row["hash"] = head, chain(head, row)
            head = row["hash"]
        # One statement for the whole request, however many persons it touched.
        await conn.execute(
            """
            INSERT INTO access_log (at, actor, scopes, purpose, person_id, operation, fields,
                                    trace_id, prev_hash, hash)
            SELECT at::timestamptz, actor, scopes, purpose, person_id, operation,
                   string_to_array(fields, ','), trace_id, prev_hash, hash
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                        $7::text[], $8::text[], $9::text[], $10::text[])
                 WITH ORDINALITY AS r(at, actor, scopes, purpose, person_id, operation, fields,
                                      trace_id, prev_hash, hash, n)
            ORDER BY n
            """,
            *(
                [r[k] if k != "fields" else ",".join(r[k]) for r in rows]
                for k in (
                    "at",
                    "actor",
                    "scopes",
                    "purpose",
                    "person_id",
                    "operation",
                    "fields",
                    "trace_id",
                    "prev_hash",
                    "hash",
                )
            ),
        )


async def verify(conn: Connection) -> list[str]:
    """Every break in the chain, each naming its entry; empty when the log is intact."""
    problems: list[str] = []
    head = GENESIS
    # A read-only transaction (a cursor needs one), streaming: the log may be long.
    async with conn.transaction(readonly=True):
        async for record in conn.cursor("SELECT * FROM access_log ORDER BY id"):
            row = {**dict(record), "at": _stored_at(record["at"]), "fields": list(record["fields"])}
            if row["prev_hash"] != head:
                problems.append(
                    f"entry {row['id']}: does not follow the entry before it (removed or reordered)"
                )
            if chain(row["prev_hash"], row) != row["hash"]:
                problems.append(f"entry {row['id']}: its content was changed after it was written")
            head = row["hash"]
    return problems


def _stored_at(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


@strawberry.federation.type(shareable=True, description="One entry of a service's access log.")
class AccessLogEntry:
    at: datetime
    actor: str
    purpose: str | None
    operation: str = strawberry.field(description="READ or WRITE.")
    fields: list[str] = strawberry.field(description="The fields of the person read or written.")
    trace_id: str | None


def access_log_field(service: str) -> Any:
    """The Query field `<service in camelCase>AccessLog(personId:, first:)`, for auditors."""

    async def resolve(
        info: StrawberryInfo[Any, Any], person_id: strawberry.ID, first: int = 50
    ) -> list[AccessLogEntry]:
        info.context.caller.require(AUDIT_SCOPE)
        rows = await info.context.pool.fetch(
            "SELECT * FROM access_log WHERE person_id = $1 ORDER BY id DESC LIMIT $2",
            str(person_id),
            max(1, min(first, 500)),
        )
        return [
            AccessLogEntry(
                at=r["at"],
                actor=r["actor"],
                purpose=r["purpose"],
                operation=r["operation"],
                fields=list(r["fields"]),
                trace_id=r["trace_id"],
            )
            for r in rows
        ]

    return strawberry.field(
        resolver=resolve,
        name=graphql_name(service) + "AccessLog",
        description=f"Who read or wrote a person's data at {service}, newest first (scope {AUDIT_SCOPE}).",
    )


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "verify":
        raise SystemExit(
            "usage: python -m servicekit.audit verify <package>   (its settings, e.g. DATABASE_URL)"
        )
    from servicekit.app import load_spec  # the app imports this module

    settings = load_spec(args[1]).load_settings()

    async def run() -> list[str]:
        conn = await asyncpg.connect(settings.database_url)
        try:
            return await verify(conn)
        finally:
            await conn.close()

    problems = asyncio.run(run())
    for problem in problems:
        print(problem)
    if problems:
        raise SystemExit(1)
    print("access log intact")


if __name__ == "__main__":
    main()
