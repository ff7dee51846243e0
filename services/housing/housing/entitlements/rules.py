"""Housing's entitlements under 闽发改社会〔2019〕334号 clause （十二）: one small pure function
per entitlement, of the person's facts, the department's parameters and the day. The
target-person test is the kit's (`servicekit.entitlements.target`); the numbers the policy
leaves to cities are in parameters.yaml. Clause （十三） (landlords report their tenants) is a
duty, not a per-person entitlement: housing records the reports and decides nothing on them.

Where a person works (就业地): the public rental housing rules ask for an employment record
that goes on on the day, in a city where the person has worked or lived a year (the kit's
target test, counted on that city's stays alone). No employment record at all is
NEEDS_INFORMATION (employment records it); records that exist but none going on that day,
or only in a city where the person has not yet been a year, are INELIGIBLE with
NOT_EMPLOYED_IN_CITY.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from housing.entitlements.facts import DEPARTMENT, Application, Employment, RuleFacts
from servicekit.entitlements.model import (
    Amount,
    Fact,
    LegalBasis,
    Missing,
    Outcome,
    Period,
    Reason,
    Rule,
    Status,
    Text,
)
from servicekit.entitlements.parameters import Parameters, ParameterValue
from servicekit.entitlements.target import EMPLOYMENT, TargetFacts, target_person

# --- shared pieces ---------------------------------------------------------------------


def _employment_unknown() -> Reason:
    return Reason(
        "EMPLOYMENT_UNKNOWN",
        Text(
            "住房部门尚未收到此人的就业记录（就业地）。",
            "Housing has no employment record of this person (the place of work is not known).",
        ),
        met=False,
        missing=Missing("employment", EMPLOYMENT),
    )


def _ongoing(employment: Sequence[Employment], day: date) -> list[Employment]:
    return sorted((e for e in employment if e.covers(day)), key=lambda e: (e.started_on, e.id))


def _earliest(*days: date | None) -> date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def _granting(facts: RuleFacts, form: str, day: date) -> Application | None:
    found = [a for a in facts.applications if a.form == form and a.grants(day)]
    return max(found, key=lambda a: a.decided_on or a.applied_on) if found else None


def _granted(application: Application, text: Text, amount: Amount | None = None) -> Outcome:
    return Outcome(
        Status.GRANTED,
        [Reason(f"{application.outcome}", text, met=True, facts=[application.fact()])],
        valid_from=application.decided_on,
        valid_to=application.ended_on,
        amount=amount,
    )


def _application_reason(facts: RuleFacts, form: str, day: date) -> list[Reason]:
    """An application of the form pending or waitlisted on the day, as a reason of its own."""
    states = [(a, a.state_on(day)) for a in facts.applications if a.form == form]
    current = [(a, s) for a, s in states if s is not None]
    if not current:
        return []
    application, state = max(current, key=lambda pair: pair[0].applied_on)
    if state == "WAITLISTED":
        assert application.decided_on is not None
        text = Text(
            f"已于 {application.decided_on.isoformat()} 进入轮候。",
            f"Waitlisted on {application.decided_on.isoformat()}.",
        )
    else:
        text = Text(
            f"已于 {application.applied_on.isoformat()} 申请，尚未作出决定。",
            f"Applied on {application.applied_on.isoformat()}; not decided yet.",
        )
    return [Reason(f"APPLICATION_{state}", text, met=True, facts=[application.fact()])]


@dataclass(frozen=True)
class _WorkCity:
    """The outcome of the conditions of （十二）'s first two sentences: a target person working
    in a city where they have been a year."""

    refusal: Outcome | None
    reasons: Sequence[Reason] = ()
    employment: Employment | None = None
    valid_to: date | None = None


def _target_in_work_city(facts: RuleFacts, day: date) -> _WorkCity:
    target = target_person(facts.target, day)
    if not target.is_target:
        return _WorkCity(Outcome(target.status, target.reasons, eligible_from=target.eligible_from))
    if not facts.employment:
        return _WorkCity(Outcome(Status.NEEDS_INFORMATION, [_employment_unknown()]))
    ongoing = _ongoing(facts.employment, day)
    if not ongoing:
        return _WorkCity(
            Outcome(
                Status.INELIGIBLE,
                [
                    Reason(
                        "NOT_EMPLOYED_IN_CITY",
                        Text(
                            f"{day.isoformat()} 没有在城镇就业的记录（就业地）。",
                            f"No employment in a city on {day.isoformat()} (no place of work).",
                        ),
                        met=False,
                        facts=[e.fact() for e in facts.employment],
                    )
                ],
            )
        )
    tried = []
    for job in ongoing:
        here = TargetFacts(
            facts.target.hukou, facts.target.poverty, [s for s in facts.target.stays if s.city == job.city]
        )
        local = target_person(here, day)
        if local.is_target:
            employed = Reason(
                "EMPLOYED_IN_CITY",
                Text(
                    f"在就业地 {job.region} 就业（{job.employer}）。",
                    f"Works in {job.region} ({job.employer}): the place of work.",
                ),
                met=True,
                facts=[job.fact()],
            )
            return _WorkCity(None, [*local.reasons, employed], job, _earliest(local.valid_to, job.ended_on))
        tried.append(local)
    # Working only in a city where the person has not yet been a year.
    first = tried[0]
    return _WorkCity(
        Outcome(
            Status.INELIGIBLE,
            [
                Reason(
                    "NOT_EMPLOYED_IN_CITY",
                    Text(
                        f"在城镇工作生活满一年的城市（{target.city}）没有就业；现就业地工作生活不满一年。",
                        f"Not employed in the city where the person has been a year ({target.city}); "
                        "in the city of work for less than a year.",
                    ),
                    met=False,
                    facts=[e.fact() for e in ongoing],
                ),
                *first.reasons,
            ],
            eligible_from=_earliest(*(t.eligible_from for t in tried)),
        )
    )


def _amount(value: ParameterValue) -> Amount | None:
    level = value.value
    return Amount(level, Period.MONTHLY) if isinstance(level, int) and not isinstance(level, bool) else None


def _level_reason(value: ParameterValue) -> Reason:
    """Where the subsidy's level comes from: the parameter, or who sets it."""
    if _amount(value) is not None:
        return Reason(
            "SUBSIDY_LEVEL",
            Text("租赁补贴标准。", "The rental subsidy's level."),
            met=True,
            facts=[value.fact()],
        )
    setter = value.set_by or "市、县人民政府"
    return Reason(
        "SUBSIDY_LEVEL",
        Text(
            f"租赁补贴标准由{setter}确定，此处未记录金额。",
            f"The rental subsidy's level is set by {setter}; none is recorded here.",
        ),
        met=True,
        facts=[value.fact()],
    )


# --- （十二） -----------------------------------------------------------------------------


def public_rental_priority(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（十二）“农村建档立卡贫困人口在就业地可申请公租房，享受优先保障”
    — registered poor people from the countryside may apply for public rental housing where
    they work, and are served first."""
    allocation = _granting(facts, "IN_KIND", as_of)
    if allocation is not None:
        return _granted(allocation, Text("已配租公租房。", "Public rental housing is allocated."))
    work = _target_in_work_city(facts, as_of)
    if work.refusal is not None:
        return work.refusal
    priority = Reason(
        "PRIORITY",
        Text(
            "农村建档立卡贫困人口在就业地申请公租房，享受优先保障（轮候排在前列）。",
            "A registered poor person from the countryside applying where they work is served first "
            "(ahead on the waiting list).",
        ),
        met=True,
    )
    return Outcome(
        Status.ELIGIBLE,
        [*work.reasons, priority, *_application_reason(facts, "IN_KIND", as_of)],
        valid_to=work.valid_to,
    )


def rental_subsidy(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（十二）“将符合条件的进城农村贫困人口纳入城镇住房保障体系，采取公租房实物保障和租赁补贴等方式，提供基本住房保障”
    — rural poor people in cities are guaranteed housing in kind or by a rental subsidy."""
    subsidy = _granting(facts, "RENTAL_SUBSIDY", as_of)
    if subsidy is not None:
        assert subsidy.subsidy_fen is not None
        return _granted(
            subsidy,
            Text("正在领取租赁补贴。", "Receives a rental subsidy."),
            Amount(subsidy.subsidy_fen, Period.MONTHLY),
        )
    work = _target_in_work_city(facts, as_of)
    if work.refusal is not None:
        return work.refusal
    assert work.employment is not None
    level = params.get("rental_subsidy_fen", as_of, region=work.employment.region)
    return Outcome(
        Status.ELIGIBLE,
        [*work.reasons, _level_reason(level), *_application_reason(facts, "RENTAL_SUBSIDY", as_of)],
        valid_to=work.valid_to,
        amount=_amount(level),
    )


def targeted_industry(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（十二）“对外来务工人员较集中的环卫、公交等行业以及地铁职工、公安协警等群体实施分类、定向保障，进一步改善居住条件”
    — workers of sanitation, public transport, the metro and auxiliary police, where many
    migrant workers are, get classified, targeted housing. The clause names groups by
    industry, not 进城农村贫困人口: the target-person test does not apply."""
    allocation = _granting(facts, "TARGETED_INDUSTRY", as_of)
    if allocation is not None:
        return _granted(
            allocation, Text("已获定向配租住房。", "Targeted housing for the industry is allocated.")
        )
    if not facts.employment:
        return Outcome(Status.NEEDS_INFORMATION, [_employment_unknown()])
    industries = params.get("targeted_industries", as_of)
    targeted = {i.strip() for i in str(industries.value or "").split(",") if i.strip()}
    ongoing = _ongoing(facts.employment, as_of)
    if not ongoing:
        return Outcome(
            Status.INELIGIBLE,
            [
                Reason(
                    "NOT_EMPLOYED",
                    Text(
                        f"{as_of.isoformat()} 没有在职的就业记录。", f"Not employed on {as_of.isoformat()}."
                    ),
                    met=False,
                    facts=[e.fact() for e in facts.employment],
                )
            ],
        )
    matching = [e for e in ongoing if e.industry in targeted]
    if not matching:
        return Outcome(
            Status.INELIGIBLE,
            [
                Reason(
                    "NOT_TARGETED_INDUSTRY",
                    Text(
                        "所在行业不属于定向保障的环卫、公交、地铁、公安协警。",
                        "The industry is not one of the targeted ones (sanitation, public transport, "
                        "metro, auxiliary police).",
                    ),
                    met=False,
                    facts=[*(e.fact() for e in ongoing), industries.fact()],
                )
            ],
        )
    job = matching[0]
    facts_used: list[Fact] = [job.fact(), industries.fact()]
    return Outcome(
        Status.ELIGIBLE,
        [
            Reason(
                "TARGETED_INDUSTRY",
                Text(
                    f"在定向保障行业（{job.industry}）就业：{job.employer}。",
                    f"Works in a targeted industry ({job.industry}): {job.employer}.",
                ),
                met=True,
                facts=facts_used,
            ),
            *_application_reason(facts, "TARGETED_INDUSTRY", as_of),
        ],
        valid_from=job.started_on,
        valid_to=job.ended_on,
    )


# --- the rules --------------------------------------------------------------------------


def _basis(quote: str) -> LegalBasis:
    return LegalBasis(clause="（十二）", quote=quote)


RULES: list[Rule[RuleFacts]] = [
    Rule(
        "HOUSING_PUBLIC_RENTAL_PRIORITY",
        DEPARTMENT,
        Text("公租房优先保障", "Priority for public rental housing"),
        _basis("农村建档立卡贫困人口在就业地可申请公租房，享受优先保障"),
        public_rental_priority,
    ),
    Rule(
        "HOUSING_RENTAL_SUBSIDY",
        DEPARTMENT,
        Text("公租房租赁补贴", "Rental subsidy"),
        _basis("采取公租房实物保障和租赁补贴等方式，提供基本住房保障"),
        rental_subsidy,
        parameters=("rental_subsidy_fen",),
    ),
    Rule(
        "HOUSING_TARGETED_INDUSTRY",
        DEPARTMENT,
        Text(
            "行业分类定向住房保障", "Targeted housing for sanitation, transport, metro and auxiliary police"
        ),
        _basis("对外来务工人员较集中的环卫、公交等行业以及地铁职工、公安协警等群体实施分类、定向保障"),
        targeted_industry,
        parameters=("targeted_industries",),
    ),
]
