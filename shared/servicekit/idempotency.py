"""Mutations that a retry cannot duplicate: the `Idempotency-Key` request header.

A client whose reply was lost (a pod killed after the commit, a dropped connection)
cannot know whether its mutation happened. It retries with the same `Idempotency-Key`
(the IETF httpapi draft "The Idempotency-Key HTTP Header Field"; Stripe's API works the
same way), and the service answers the first result without writing anything again.

How a department writes a mutation (ADR 0006):

    @idempotency.mutation(description="Issue a residence permit.")
    async def issue_residence_permit(self, info: Info, input: IssueResidencePermitInput) -> ...:
        ...validate...
        row = await idempotency.write_once(info, write=insert_and_emit, replay=permit_row)

- `mutation` declares the field (instead of `strawberry.mutation`) with `IdempotentMutation`,
  which reads the key, fingerprints the field's arguments, and fails the request as a bug
  if the resolver returned without calling `write_once`.
- `write_once` opens the transaction, claims the key in it, runs `write`, and records the
  id of the row `write` returned. The key record commits or rolls back with the
  mutation's own rows: a crash cannot leave one without the other.

Without the header a mutation runs as it always did (no key record).
"""

from __future__ import annotations

import asyncio
import contextvars
import dataclasses
import enum
import hashlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Final, TypeVar
from uuid import UUID

import asyncpg
import orjson
import strawberry
from graphql import FieldNode, print_ast, value_from_ast_untyped
from strawberry.extensions.field_extension import AsyncExtensionResolver, FieldExtension
from strawberry.types import Info as StrawberryInfo
from strawberry.types.unset import UnsetType

from servicekit.access import require_write
from servicekit.bus.backoff import Backoff, stop_if_cancelled
from servicekit.db import Connection
from servicekit.errors import Conflict, ErrorCode, ValidationFailed

log = logging.getLogger("servicekit.idempotency")

HEADER: Final = "Idempotency-Key"
MAX_KEY_LENGTH: Final = 200
# How long a key is remembered. A client retries within seconds or minutes; a day also
# covers a client that retries after an overnight outage (Stripe keeps keys 24 hours too).
# After that the same key starts a new mutation.
RETENTION: Final = timedelta(hours=24)
# The expired-key sweep: how often, and how many rows per DELETE (short transactions).
SWEEP_INTERVAL_S: Final = 3600.0
SWEEP_BATCH: Final = 1000

MIGRATIONS: Final = Path(__file__).parent / "idempotency_migrations"

_F = TypeVar("_F", bound=Callable[..., Awaitable[Any]])


class IdempotencyKeyReused(Conflict):
    """The key was used before for a different mutation or different arguments."""

    code = ErrorCode.IDEMPOTENCY_KEY_REUSED


@dataclasses.dataclass(slots=True)
class _Call:
    """One mutation field being resolved, as IdempotentMutation saw it."""

    field: str
    path: str
    subject: str
    key: str | None
    fingerprint: str
    wrote: bool = False


_current: contextvars.ContextVar[_Call | None] = contextvars.ContextVar(
    "servicekit_idempotent_call", default=None
)


def parse_key(raw: str | None) -> str | None:
    """The key from the header's value; None without the header. VALIDATION_FAILED for
    an empty or too long key or one with control or non-ASCII characters.

    The draft sends the key as a structured-field string (`"8e03…"`, quotes included),
    Stripe as a bare token: both are accepted, and `"abc"` and `abc` are the same key.
    """
    if raw is None:
        return None
    key = raw.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not key or len(key) > MAX_KEY_LENGTH or not all(" " <= c <= "~" for c in key):
        raise ValidationFailed(
            f"The {HEADER} header must be 1 to {MAX_KEY_LENGTH} printable ASCII characters "
            "(a UUID is a good key).",
            header=HEADER,
        )
    return key


def _canonical(value: Any) -> Any:
    """The arguments as plain JSON values, the same for equal inputs."""
    if isinstance(value, UnsetType):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return _canonical(value.value)
    if isinstance(value, date | datetime | UUID):
        return value.isoformat() if not isinstance(value, UUID) else str(value)
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def fingerprint(info: StrawberryInfo[Any, Any]) -> str:
    """SHA-256 of the operation's mutation fields: response key, field name and the
    arguments as sent (variables substituted) of each. The key stands for the whole
    request, so every field of one operation records the same fingerprint, and a key
    sent again with any other request is told apart from a retry, whichever fields it
    names."""
    variables = info.variable_values
    fields: list[Any] = []
    for node in info.operation.selection_set.selections:
        if isinstance(node, FieldNode):
            arguments = {
                a.name.value: value_from_ast_untyped(a.value, variables) for a in node.arguments or ()
            }
            fields.append(
                [node.alias.value if node.alias else node.name.value, node.name.value, _canonical(arguments)]
            )
        else:  # a fragment at the root: its text, with the variables it may use
            fields.append([print_ast(node), _canonical(variables)])
    text = orjson.dumps(fields, option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.sha256(text).hexdigest()


class IdempotentMutation(FieldExtension):
    """On every department mutation (see `mutation`): the key, the arguments' fingerprint,
    and the check that the resolver wrote through `write_once`."""

    async def resolve_async(
        self,
        next_: AsyncExtensionResolver,
        source: Any,
        info: StrawberryInfo[Any, Any],
        **kwargs: Any,
    ) -> Any:
        # Every mutation needs its department's write scope, checked before anything else.
        require_write(info)
        context = info.context
        call = _Call(
            field=info.field_name,
            # The response key (alias or name): two fields of one operation sent with one
            # key are two records.
            path=".".join(str(p) for p in info.path.as_list()),
            # Keys are the caller's own: another caller's key never replays its result.
            subject=context.caller.subject or "",
            key=parse_key(context.request.headers.get(HEADER)),
            fingerprint=fingerprint(info),
        )
        token = _current.set(call)
        try:
            result = await next_(source, info, **kwargs)
        finally:
            _current.reset(token)
        person = getattr(kwargs.get("input"), "person_id", None)
        if person is not None:
            context.trail.wrote(person, info.field_name)
        if not call.wrote:
            # A bug, not the client's fault: the resolver wrote outside write_once, so a
            # retry could duplicate it. Reported as INTERNAL, and loudly in the log.
            raise RuntimeError(
                f"mutation {call.field} returned without writing through servicekit.idempotency.write_once"
            )
        return result


def mutation(*, description: str) -> Callable[[_F], _F]:
    """`strawberry.mutation` for a department: every Mutation field is declared with it
    (tests/kit/test_idempotency.py checks every service)."""
    decorator: Callable[[_F], _F] = strawberry.mutation(
        description=description, extensions=[IdempotentMutation()]
    )
    return decorator


Write = Callable[[Connection], Awaitable[asyncpg.Record]]
Replay = Callable[[Connection, UUID], Awaitable[asyncpg.Record | None]]


async def write_once(info: StrawberryInfo[Any, Any], *, write: Write, replay: Replay) -> asyncpg.Record:
    """Run `write` in a new transaction, once per idempotency key.

    `write(conn)` makes the mutation's changes (and emits its events) and returns the
    changed row, whose `id` is recorded with the key. With a key seen before (same
    caller, same field, within RETENTION), `write` does not run: `replay(conn, id)`
    returns that row as it is now, or IDEMPOTENCY_KEY_REUSED is raised when the
    arguments differ. A rejected mutation (an exception from `write`) records nothing.
    """
    call = _current.get()
    if call is None:
        raise RuntimeError("write_once is for resolvers of fields declared with idempotency.mutation")
    call.wrote = True
    pool: asyncpg.Pool = info.context.pool
    async with pool.acquire() as conn, conn.transaction():
        if call.key is None:
            return await write(conn)
        # Concurrent requests with one key serialise here, before anything is read: the
        # second waits until the first commits (and then finds its record) or rolls back
        # (and then runs itself). A hash collision only makes two keys wait for each other.
        await conn.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
            f"idempotency-key\n{call.subject}\n{call.key}",
        )
        other = await conn.fetchrow(
            """
            SELECT field FROM idempotency_keys
            WHERE subject = $1 AND key = $2 AND fingerprint <> $3
              AND created_at >= now() - $4::interval
            LIMIT 1
            """,
            call.subject,
            call.key,
            call.fingerprint,
            RETENTION,
        )
        if other is not None:
            raise _reused(other["field"], call)
        # An expired record of this field is taken over as if it were absent.
        claimed = await conn.fetchval(
            """
            INSERT INTO idempotency_keys (subject, key, path, field, fingerprint)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (subject, key, path) DO UPDATE
                SET field = EXCLUDED.field, fingerprint = EXCLUDED.fingerprint,
                    result_id = NULL, created_at = now()
                WHERE idempotency_keys.created_at < now() - $6::interval
            RETURNING true
            """,
            call.subject,
            call.key,
            call.path,
            call.field,
            call.fingerprint,
            RETENTION,
        )
        if not claimed:
            return await _replay(conn, call, replay)
        row = await write(conn)
        await conn.execute(
            "UPDATE idempotency_keys SET result_id = $4 WHERE subject = $1 AND key = $2 AND path = $3",
            call.subject,
            call.key,
            call.path,
            row["id"],
        )
        return row


async def _replay(conn: Connection, call: _Call, replay: Replay) -> asyncpg.Record:
    first = await conn.fetchrow(
        "SELECT field, fingerprint, result_id FROM idempotency_keys "
        "WHERE subject = $1 AND key = $2 AND path = $3",
        call.subject,
        call.key,
        call.path,
    )
    assert first is not None  # the insert conflicted with it, and records are never deleted unexpired
    if first["fingerprint"] != call.fingerprint:
        raise _reused(first["field"], call)
    row = await replay(conn, first["result_id"])
    if row is None:
        raise RuntimeError(f"{call.field}: the record {first['result_id']} of an idempotency key is gone")
    log.info("idempotent replay", extra={"field": call.field})
    return row


def _reused(first_field: str, call: _Call) -> IdempotencyKeyReused:
    what = f"for {first_field}" if first_field != call.field else "with different arguments"
    return IdempotencyKeyReused(
        f"This {HEADER} was already used {what}. Use a new key for a new request; "
        "retry a request only with its own key and the same input.",
        header=HEADER,
    )


async def delete_expired_keys(pool: asyncpg.Pool, *, batch: int = SWEEP_BATCH) -> int:
    """Delete the records older than RETENTION, a batch per transaction; how many."""
    deleted = 0
    while True:
        count = await pool.fetchval(
            """
            WITH gone AS (
                DELETE FROM idempotency_keys WHERE (subject, key, path) IN (
                    SELECT subject, key, path FROM idempotency_keys
                    WHERE created_at < now() - $1::interval
                    LIMIT $2 FOR UPDATE SKIP LOCKED)
                RETURNING 1)
            SELECT count(*) FROM gone
            """,
            RETENTION,
            batch,
        )
        deleted += int(count)
        if count < batch:
            return deleted


async def run_key_expiry(pool: asyncpg.Pool, *, interval: float = SWEEP_INTERVAL_S) -> None:
    """Every replica sweeps expired keys every `interval` seconds (SKIP LOCKED: replicas
    do not wait for each other). Expired keys are already ignored by `write_once`; the
    sweep only keeps the table small."""
    backoff = Backoff(floor=1.0, ceiling=60.0)
    while True:
        stop_if_cancelled()
        try:
            deleted = await delete_expired_keys(pool)
        except Exception:
            # An outage must not kill the sweep for the life of the process.
            log.warning("idempotency key sweep failed; retrying", exc_info=True)
            await backoff.sleep()
            continue
        backoff.reset()
        if deleted:
            log.info("expired idempotency keys deleted", extra={"deleted": deleted})
        await asyncio.sleep(interval)
