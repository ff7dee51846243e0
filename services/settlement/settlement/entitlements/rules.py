"""Settlement's entitlements under clauses (十四) and (十六): pure functions from a
person's facts, settlement's parameters and a date to an outcome.

Each rule quotes the clause it implements. Numbers the policy leaves to cities are
parameters (parameters.yaml); where the policy gives none, the value is null and the
rule says who sets it instead of inventing one.
"""

from __future__ import annotations

from datetime import date

from servicekit.entitlements.model import (
    Fact,
    LegalBasis,
    Missing,
    Outcome,
    Reason,
    Rule,
    Source,
    Status,
    Text,
)
from servicekit.entitlements.parameters import Parameters, ParameterValue
from servicekit.entitlements.target import (
    SETTLEMENT,
    SOCIAL_SECURITY,
    CityStay,
    anniversary,
    hukou_on,
    target_person,
)
from settlement.entitlements.facts import Application, Permit, RuleFacts, city_of

RESIDENCE_PERMIT = "SETTLEMENT_RESIDENCE_PERMIT"
HUKOU_PRIORITY = "SETTLEMENT_HUKOU_PRIORITY"
RURAL_RIGHTS_RETAINED = "SETTLEMENT_RURAL_RIGHTS_RETAINED"


# --- facts as a decision shows them ----------------------------------------------------


def _stay_fact(stay: CityStay) -> Fact:
    until = stay.ended_on.isoformat() if stay.ended_on else "ongoing"
    return Fact(
        "residencePeriod", f"{stay.region} from {stay.started_on.isoformat()} to {until}", stay.source
    )


def _permit_fact(permit: Permit) -> Fact:
    revoked = f", revoked {permit.revoked_on.isoformat()}" if permit.revoked_on else ""
    return Fact(
        "residencePermit",
        f"{permit.city} issued {permit.issued_on.isoformat()}, valid until "
        f"{permit.valid_until.isoformat()}{revoked}",
        permit.source,
    )


def _application_fact(application: Application) -> Fact:
    decided = (
        f", {application.outcome} {application.decided_on.isoformat()}"
        if application.outcome and application.decided_on
        else ", open"
    )
    return Fact(
        "settlementApplication",
        f"{application.region} applied {application.applied_on.isoformat()}{decided}",
        application.source,
    )


def _ongoing(stays: list[CityStay], day: date) -> list[CityStay]:
    return [s for s in stays if s.started_on <= day and (s.ended_on is None or s.ended_on >= day)]


# --- SETTLEMENT_RESIDENCE_PERMIT ---------------------------------------------------------


def residence_permit(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（十四）"各地要推进居住证制度全覆盖……确保暂未落户的常住人口全部持有居住证"

    Every resident not settled where they live holds a residence permit there: someone
    living in a city other than their hukou's city is entitled to that city's permit.
    """
    ongoing = _ongoing(list(facts.target.stays), as_of)
    if not ongoing:
        return Outcome(
            Status.INELIGIBLE,
            [
                Reason(
                    "NOT_LIVING_IN_A_CITY",
                    Text(
                        f"{as_of.isoformat()} 没有正在进行的居住记录。",
                        f"No ongoing residence period on {as_of.isoformat()}.",
                    ),
                    met=False,
                    facts=[_stay_fact(s) for s in facts.target.stays],
                )
            ],
        )
    stay = max(ongoing, key=lambda s: s.started_on)
    hukou = hukou_on(facts.target.hukou, as_of)
    if hukou is None:
        return Outcome(
            Status.NEEDS_INFORMATION,
            [
                Reason(
                    "HUKOU_UNKNOWN",
                    Text(
                        f"{as_of.isoformat()} 的户口登记情况未知。",
                        f"The hukou on {as_of.isoformat()} is not known.",
                    ),
                    met=False,
                    facts=[_stay_fact(stay)],
                    missing=Missing("hukou", SETTLEMENT),
                )
            ],
        )
    hukou_fact = Fact(
        "hukou", f"{hukou.type} {hukou.region} from {hukou.recorded_on.isoformat()}", hukou.source
    )
    if city_of(hukou.region) == stay.city:
        return Outcome(
            Status.INELIGIBLE,
            [
                Reason(
                    "HUKOU_IN_CITY",
                    Text(
                        f"户口已在居住地城市 {stay.city}，无需居住证。",
                        f"The hukou is in {stay.city}, the city of residence: no residence permit is needed.",
                    ),
                    met=False,
                    facts=[hukou_fact, _stay_fact(stay)],
                )
            ],
        )
    living = Reason(
        "LIVING_OUTSIDE_HUKOU_CITY",
        Text(
            f"居住在 {stay.city}，户口在 {hukou.region}：暂未落户的常住人口。",
            f"Living in {stay.city} with the hukou in {hukou.region}: a resident not settled there.",
        ),
        met=True,
        facts=[hukou_fact, _stay_fact(stay)],
    )
    here = [p for p in facts.permits if city_of(p.city) == stay.city and p.issued_on <= as_of]
    valid = [p for p in here if p.valid_on(as_of)]
    if valid:
        permit = max(valid, key=lambda p: p.valid_until)
        return Outcome(
            Status.GRANTED,
            [
                living,
                Reason(
                    "PERMIT_VALID",
                    Text(
                        f"持有 {permit.city} 居住证（{permit.permit_id}），"
                        f"有效期至 {permit.valid_until.isoformat()}。",
                        f"Holds residence permit {permit.permit_id} of {permit.city}, valid until "
                        f"{permit.valid_until.isoformat()}.",
                    ),
                    met=True,
                    facts=[_permit_fact(permit)],
                ),
            ],
            valid_from=permit.issued_on,
            valid_to=permit.valid_until,
        )
    if not here:
        missing = Reason(
            "NO_VALID_PERMIT",
            Text(
                f"未持有 {stay.city} 的居住证，可以申领。",
                f"Holds no residence permit of {stay.city}; may apply.",
            ),
            met=False,
        )
    else:
        latest = max(here, key=lambda p: (p.issued_on, p.valid_until))
        if latest.revoked_on is not None and latest.revoked_on <= as_of:
            missing = Reason(
                "PERMIT_REVOKED",
                Text(
                    f"居住证 {latest.permit_id} 已于 {latest.revoked_on.isoformat()} 注销，可以重新申领。",
                    f"Residence permit {latest.permit_id} was revoked on {latest.revoked_on.isoformat()}; "
                    "may apply again.",
                ),
                met=False,
                facts=[_permit_fact(latest)],
            )
        else:
            missing = Reason(
                "PERMIT_EXPIRED",
                Text(
                    f"居住证 {latest.permit_id} 有效期至 {latest.valid_until.isoformat()}，"
                    "已过期，可以重新申领。",
                    f"Residence permit {latest.permit_id} expired after {latest.valid_until.isoformat()}; "
                    "may apply again.",
                ),
                met=False,
                facts=[_permit_fact(latest)],
            )
    return Outcome(Status.ELIGIBLE, [living, missing])


# --- SETTLEMENT_HUKOU_PRIORITY -----------------------------------------------------------


def _settled(facts: RuleFacts, as_of: date) -> Application | None:
    approved = [a for a in facts.applications if a.approved_by(as_of)]
    return max(approved, key=lambda a: a.decided_on or a.applied_on) if approved else None


def _settled_reason(application: Application) -> Reason:
    assert application.decided_on is not None
    return Reason(
        "SETTLED",
        Text(
            f"已于 {application.decided_on.isoformat()} 批准在 {application.region} 落户。",
            f"Settlement in {application.region} approved on {application.decided_on.isoformat()}.",
        ),
        met=True,
        facts=[_application_fact(application)],
    )


def _application_reasons(facts: RuleFacts, as_of: date) -> list[Reason]:
    reasons = []
    for application in facts.applications:
        if application.pending_on(as_of):
            reasons.append(
                Reason(
                    "APPLICATION_PENDING",
                    Text(
                        f"{application.applied_on.isoformat()} 提交的落户申请正在办理。",
                        f"The application to settle of {application.applied_on.isoformat()} is pending.",
                    ),
                    met=True,
                    facts=[_application_fact(application)],
                )
            )
        elif application.outcome == "REFUSED" and application.decided_by(as_of):
            assert application.decided_on is not None
            reasons.append(
                Reason(
                    "APPLICATION_REFUSED",
                    Text(
                        f"{application.decided_on.isoformat()} 落户申请未获批准：{application.reason or ''}",
                        f"The application to settle was refused on {application.decided_on.isoformat()}: "
                        f"{application.reason or ''}",
                    ),
                    met=False,
                    facts=[_application_fact(application)],
                )
            )
    return reasons


def _priority_groups(
    facts: RuleFacts, params: Parameters, as_of: date, city: str, since: date
) -> list[Reason]:
    """The clause's priority groups settlement's facts can show."""
    groups: list[Reason] = []
    years = params.get("priority_years_in_city", as_of)
    required = int(years.value) if isinstance(years.value, int) else None
    if required is not None and anniversary(since, required) <= as_of:
        groups.append(
            Reason(
                "PRIORITY_LONG_RESIDENCE",
                Text(
                    f"自 {since.isoformat()} 起在城镇居住，满 {required} 年：在城镇就业居住5年以上。",
                    f"Living in the city since {since.isoformat()}: {required} years or more "
                    "(employed and resident 5 years or more).",
                ),
                met=True,
                facts=[years.fact()],
            )
        )
    household = facts.household
    if household is not None:
        members = [m for m in household.members if m.member_on(as_of)]
        own = [m for m in members if m.person_id == facts.person_id]
        in_city = [m for m in members if any(s.city == city for s in _ongoing(list(m.stays), as_of))]
        if own and len(members) > 1 and len(in_city) == len(members):
            groups.append(
                Reason(
                    "PRIORITY_WHOLE_FAMILY",
                    Text(
                        f"举家迁徙：户内 {len(members)} 人均居住在 {city}。",
                        f"Whole-family migration: all {len(members)} household members live in {city}.",
                    ),
                    met=True,
                    facts=[
                        Fact(
                            "household", f"{household.household_id}, {len(members)} members", household.source
                        ),
                        *[
                            Fact("householdMember", f"{m.person_id} {m.relation} living in {city}", m.source)
                            for m in members
                        ],
                    ],
                )
            )
    born_from = params.get("new_generation_born_from", as_of)
    new_generation = (
        facts.born is not None
        and isinstance(born_from.value, str)
        and facts.born >= date.fromisoformat(born_from.value)
    )
    if new_generation:
        assert facts.born is not None
        groups.append(
            Reason(
                "PRIORITY_NEW_GENERATION",
                Text(
                    f"新生代农民工：{facts.born.isoformat()} 出生。",
                    f"New-generation migrant worker: born {facts.born.isoformat()}.",
                ),
                met=True,
                facts=[
                    Fact("birthDate", facts.born.isoformat(), Source(SETTLEMENT, facts.person_id)),
                    born_from.fact(),
                ],
            )
        )
    return groups


def _threshold_not_set(value: ParameterValue, setter: ParameterValue, region: str) -> Reason:
    who = setter.value if isinstance(setter.value, str) else value.set_by or "设区市人民政府"
    return Reason(
        "CITY_THRESHOLD_NOT_SET",
        Text(
            f"{region} 的 {value.name} 尚未由{who}规定（政策只要求“适当缩短”）。",
            f"{value.name} for {region} is not set yet; {who} sets it (the policy only asks to shorten it).",
        ),
        met=False,
        facts=[value.fact(), setter.fact()],
        missing=Missing(f"parameter.{value.name}", who),
    )


def hukou_priority(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（十四）"优先解决……在城镇就业居住5年以上和举家迁徙的农业转移人口以及新生代农民工进城落户。
    各地要积极推进有能力进城稳定生活的建档立卡农村贫困人口进城落户"

    Priority settlement (落户) in the city where a rural poor person has lived a year or more:
    the clause's priority groups first, otherwise the city's (shortened) thresholds.
    """
    settled = _settled(facts, as_of)
    if settled is not None:
        return Outcome(Status.GRANTED, [_settled_reason(settled)], valid_from=settled.decided_on)
    applications = _application_reasons(facts, as_of)
    target = target_person(facts.target, as_of)
    if not target.is_target:
        return Outcome(target.status, [*target.reasons, *applications], eligible_from=target.eligible_from)
    assert target.city is not None and target.in_city_since is not None
    region = target.region or target.city
    groups = _priority_groups(facts, params, as_of, target.city, target.in_city_since)
    if groups:
        return Outcome(Status.ELIGIBLE, [*target.reasons, *groups, *applications])

    reasons: list[Reason] = []
    eligible_from: date | None = None
    setter = params.get("threshold_set_by", as_of, region)
    residence = params.get("residence_years_required", as_of, region)
    if residence.value is None:
        reasons.append(_threshold_not_set(residence, setter, region))
    else:
        required = int(residence.value)
        reached = anniversary(target.in_city_since, required)
        if reached <= as_of:
            reasons.append(
                Reason(
                    "RESIDENCE_YEARS_MET",
                    Text(
                        f"在城镇居住满 {required} 年（{reached.isoformat()}）。",
                        f"Lived in the city {required} year(s) (on {reached.isoformat()}).",
                    ),
                    met=True,
                    facts=[residence.fact()],
                )
            )
        else:
            eligible_from = reached
            reasons.append(
                Reason(
                    "RESIDENCE_YEARS_SHORT",
                    Text(
                        f"在城镇居住不满 {required} 年：{reached.isoformat()} 满。",
                        f"Lived in the city less than {required} year(s): reached on {reached.isoformat()}.",
                    ),
                    met=False,
                    facts=[residence.fact()],
                )
            )
    contribution = params.get("contribution_years_required", as_of, region)
    if contribution.value is None:
        reasons.append(_threshold_not_set(contribution, setter, region))
    elif int(contribution.value) > 0:
        reasons.append(
            Reason(
                "CONTRIBUTION_YEARS_UNKNOWN",
                Text(
                    f"需缴纳社保满 {contribution.value} 年；缴费年限由社会保障部门记录，尚未共享。",
                    f"{contribution.value} year(s) of social insurance contributions are required; "
                    "social security records them and does not share them yet.",
                ),
                met=False,
                facts=[contribution.fact()],
                missing=Missing("socialInsuranceContributionYears", SOCIAL_SECURITY),
            )
        )
    unmet = [r for r in reasons if not r.met]
    if any(r.missing is None for r in unmet):
        status = Status.INELIGIBLE
    elif unmet:
        status = Status.NEEDS_INFORMATION
    else:
        status = Status.ELIGIBLE
    return Outcome(
        status,
        [*target.reasons, *reasons, *applications],
        eligible_from=eligible_from if status is Status.INELIGIBLE else None,
    )


# --- SETTLEMENT_RURAL_RIGHTS_RETAINED ----------------------------------------------------


def rural_rights_retained(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（十六）"保持进城落户农村贫困人口的土地承包权、宅基地使用权、集体收益分配权不变，
    不得以退出宅基地使用权作为农民进城落户条件"

    A person who settled in a city keeps their land contract, homestead use and
    collective income distribution rights unchanged.
    """
    settled = _settled(facts, as_of)
    if settled is None:
        return Outcome(
            Status.NOT_APPLICABLE,
            [
                Reason(
                    "NOT_SETTLED",
                    Text(
                        f"{as_of.isoformat()} 尚未经批准进城落户。",
                        f"Has not settled in a city through an approved decision by {as_of.isoformat()}.",
                    ),
                    met=False,
                    facts=[_application_fact(a) for a in facts.applications],
                )
            ],
        )
    rights = [
        (
            "LAND_CONTRACT_RIGHT_KEPT",
            "landContract",
            "土地承包权",
            "land contract right",
            settled.rights.land_contract,
        ),
        (
            "HOMESTEAD_USE_RIGHT_KEPT",
            "homestead",
            "宅基地使用权",
            "homestead use right",
            settled.rights.homestead,
        ),
        (
            "COLLECTIVE_INCOME_RIGHT_KEPT",
            "collectiveIncome",
            "集体收益分配权",
            "collective income distribution right",
            settled.rights.collective_income,
        ),
    ]
    return Outcome(
        Status.GRANTED,
        [
            Reason(
                code,
                Text(
                    f"{zh}保持不变（落户前{'持有' if held else '未登记持有'}）。",
                    f"The {en} is kept unchanged "
                    f"({'held' if held else 'not recorded as held'} before settling).",
                ),
                met=True,
                facts=[
                    Fact(
                        f"settlementDecision.ruralRightsKept.{name}",
                        f"{'held' if held else 'not held'}, kept unchanged",
                        settled.source,
                    )
                ],
            )
            for code, name, zh, en, held in rights
        ],
        valid_from=settled.decided_on,
    )


RULES: list[Rule[RuleFacts]] = [
    Rule(
        code=RESIDENCE_PERMIT,
        department=SETTLEMENT,
        title=Text("居住证", "Residence permit"),
        basis=LegalBasis("（十四）", "确保暂未落户的常住人口全部持有居住证"),
        decide=residence_permit,
    ),
    Rule(
        code=HUKOU_PRIORITY,
        department=SETTLEMENT,
        title=Text("优先进城落户", "Priority settlement (落户) in the city"),
        basis=LegalBasis(
            "（十四）",
            "优先解决……在城镇就业居住5年以上和举家迁徙的农业转移人口以及新生代农民工进城落户",
        ),
        decide=hukou_priority,
        parameters=(
            "priority_years_in_city",
            "new_generation_born_from",
            "residence_years_required",
            "contribution_years_required",
            "threshold_set_by",
        ),
    ),
    Rule(
        code=RURAL_RIGHTS_RETAINED,
        department=SETTLEMENT,
        title=Text("落户后农村权益保持不变", "Rural rights kept after settling"),
        basis=LegalBasis(
            "（十六）",
            "保持进城落户农村贫困人口的土地承包权、宅基地使用权、集体收益分配权不变",
        ),
        decide=rural_rights_retained,
    ),
]
