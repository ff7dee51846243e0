"""Publishing residence permit expiry: nobody changes a permit when it runs out, so a
background sweep notices and emits ResidencePermitExpired, once per end of validity.

Every replica runs the sweep; `FOR UPDATE SKIP LOCKED` hands each due permit to one of
them, and marking it `expiry_published` in the transaction of its event keeps a later
sweep from publishing it again. A renewal clears the mark (repository.renew_permit).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date

import asyncpg

from servicekit.app import Runtime
from servicekit.bus.backoff import Backoff, stop_if_cancelled
from servicekit.bus.outbox import emit
from servicekit.values import today
from settlement import SERVICE, events, repository
from settlement.settings import SettlementSettings

log = logging.getLogger("settlement.expiry")

# Permits per transaction: bounds the locks held and the work lost to a failure.
SWEEP_BATCH_SIZE = 200


async def sweep_expired_permits(
    pool: asyncpg.Pool, *, as_of: date, batch_size: int = SWEEP_BATCH_SIZE
) -> int:
    """Publish the expiry of every unrevoked permit whose valid_until is before `as_of`
    and not yet published; return how many this call published."""
    published = 0
    while True:
        async with pool.acquire() as conn, conn.transaction():
            permits = await repository.mark_expired_permits(conn, as_of, batch_size)
            for permit in permits:
                await emit(conn, events.permit_expired(permit), producer=SERVICE)
        published += len(permits)
        # A short batch means nothing more is due (or the rest is another replica's).
        if len(permits) < batch_size:
            return published


async def permit_expiry_worker(runtime: Runtime) -> None:
    """Sweep at start and then every PERMIT_EXPIRY_SWEEP_SECONDS, until cancelled."""
    settings = runtime.settings
    # SPEC names SettlementSettings, so the app factory built exactly that class.
    assert isinstance(settings, SettlementSettings)
    interval = settings.permit_expiry_sweep_seconds
    # After a failure, retry sooner than the next regular sweep, but without hammering a
    # database that is down.
    backoff = Backoff(floor=min(interval, 1.0), ceiling=min(interval, 60.0))
    while True:
        # A cancellation swallowed inside a library call (Python 3.11) still stops the loop.
        stop_if_cancelled()
        try:
            published = await sweep_expired_permits(runtime.pool, as_of=today())
        except Exception as exc:
            # The worker must outlive any failed sweep (an outage, a failover, a bad
            # deploy): dying would stop expiries being published at all. Nothing is lost,
            # since an unpublished expiry stays due until a sweep commits it.
            log.warning("permit expiry sweep failed; retrying", exc_info=True, extra={"error": str(exc)})
            await backoff.sleep()
            continue
        backoff.reset()
        if published:
            log.info("published permit expiries", extra={"published": published})
        await asyncio.sleep(interval)
