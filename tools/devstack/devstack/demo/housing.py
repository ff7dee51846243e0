"""Housing's demo records, loaded through the gateway after settlement registered everyone
and social security registered the poor (devstack.demo): public housing applications with
every outcome, so that each entitlement shows a granted persona and the city's waiting list
shows registered poor applicants first, and urban-village landlords' reports of tenants
(clause 十三).

Until employment's demo records employment, the other personas are asked for their place
of work (NEEDS_INFORMATION, EMPLOYMENT_UNKNOWN): the refused side. With employment's
records, the target persons working in their city become ELIGIBLE and the targeted
industries' workers eligible for targeted housing.

`record_case` records a rule-test case's housing facts (tests/rules) through the same
mutations, for the end-to-end run of the rule tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from devstack.demo.gateway import Gateway
from devstack.demo.personas import Resident
from servicekit.identity import region_name

if TYPE_CHECKING:
    from servicekit.entitlements.cases import Case

APPLY = (
    """mutation Apply($input: ApplyForPublicHousingInput!) { applyForPublicHousing(input: $input) { id } }"""
)
DECIDE = (
    """mutation Decide($input: DecidePublicHousingInput!) { decidePublicHousing(input: $input) { id } }"""
)
END = """mutation End($input: EndPublicHousingInput!) { endPublicHousing(input: $input) { id } }"""
TENANCY = """mutation Tenancy($input: RegisterTenancyInput!) { registerTenancy(input: $input) { id } }"""

# A central district of each demo city, for the urban villages' tenancies.
DISTRICT = {
    "350100": "350102",
    "350200": "350203",
    "350300": "350302",
    "350500": "350502",
    "350600": "350602",
    "350800": "350802",
}
VILLAGES = ["城中村", "新村", "社区"]


def application(
    gateway: Gateway,
    person_id: str,
    form: str,
    city: str,
    applied: date,
    *,
    outcome: str | None = None,
    decided: date | None = None,
    reason: str = "",
    subsidy_fen: int | None = None,
    ended: date | None = None,
) -> str:
    applied_id: str = gateway(
        APPLY,
        {"input": {"personId": person_id, "cityCode": city, "appliedOn": applied.isoformat(), "form": form}},
    )["applyForPublicHousing"]["id"]
    if outcome is not None and decided is not None:
        gateway(
            DECIDE,
            {
                "input": {
                    "applicationId": applied_id,
                    "outcome": outcome,
                    "decidedOn": decided.isoformat(),
                    "reason": reason,
                    "subsidyFen": subsidy_fen,
                }
            },
        )
    if ended is not None:
        gateway(END, {"input": {"applicationId": applied_id, "endedOn": ended.isoformat()}})
    return applied_id


def tenancy(
    gateway: Gateway, person_id: str, landlord: str, address: str, county: str, started: date
) -> None:
    gateway(
        TENANCY,
        {
            "input": {
                "landlordName": landlord,
                "address": address,
                "countyCode": county,
                "tenantPersonId": person_id,
                "startedOn": started.isoformat(),
            }
        },
    )


def record_case(gateway: Gateway, person_id: str, case: Case) -> None:
    """Record a rule-test case's housing facts through the gateway: its `housing`
    applications (with their decision and end) and its `tenancies`
    (housing.entitlements.cases). The person is registered at settlement already; the
    shared `employment` key is recorded by employment's own record_case."""
    from housing.entitlements.cases import HousingCase  # the department's case format

    own = HousingCase.of(case.facts)
    for a in own.housing:
        application(
            gateway,
            person_id,
            a.form,
            a.city,
            a.applied,
            outcome=a.outcome,
            decided=a.decided,
            reason=a.reason,
            subsidy_fen=a.subsidy_fen,
            ended=a.ended,
        )
    for t in own.tenancies:
        tenancy(gateway, person_id, t.landlord, t.address, t.county, t.started_on)


def _start(r: Resident) -> date:
    """An application day after the policy took effect and after the move to the city."""
    return max(r.person.moved_on, date(2019, 5, 17)) + timedelta(days=30)


def load(gateway: Gateway, residents: Sequence[Resident]) -> None:
    """By position among the still-poor personas who moved before 2023: 0 public rental
    housing allocated; 1 a rental subsidy granted; 2 waitlisted; 3 an allocation that ended;
    4 targeted industry housing allocated; 5 pending. Among the others, the first two
    apply too (behind the poor on the waiting list), and every fourth resident's tenancy is
    reported by an urban-village landlord."""
    settled = [r for r in residents if r.person.moved_on < date(2023, 1, 1)]
    poor = [r for r in settled if r.person.poverty_registered_on and not r.person.poverty_lifted_on]
    others = [r for r in settled if r not in poor]
    plans: list[tuple[str, str | None, int | None, bool]] = [
        ("IN_KIND", "ALLOCATED", None, False),
        ("RENTAL_SUBSIDY", "SUBSIDY_GRANTED", 60000, False),
        ("IN_KIND", "WAITLISTED", None, False),
        ("IN_KIND", "ALLOCATED", None, True),
        ("TARGETED_INDUSTRY", "ALLOCATED", None, False),
        ("IN_KIND", None, None, False),
    ]
    for r, (form, outcome, subsidy, ends) in zip(poor, plans, strict=False):
        applied = _start(r)
        decided = applied + timedelta(days=45)
        application(
            gateway,
            r.id,
            form,
            r.person.city,
            applied,
            outcome=outcome,
            decided=decided if outcome else None,
            reason="符合保障条件" if outcome else "",
            subsidy_fen=subsidy,
            ended=decided + timedelta(days=365) if ends else None,
        )
    for r in others[:2]:
        application(gateway, r.id, "IN_KIND", r.person.city, _start(r) - timedelta(days=20))
    for i, r in enumerate(residents[::4]):
        county = DISTRICT.get(r.person.city)
        if county is None:
            continue
        started = max(r.person.moved_on, date(2019, 6, 1))
        if started > date(2026, 1, 1):
            continue
        village = VILLAGES[i % len(VILLAGES)]
        address = f"{region_name(county).removeprefix('福建省')}某某{village}{i + 1}号"
        tenancy(gateway, r.id, "陈房东", address, county, started)
