"""Social security's entitlements under 闽发改社会〔2019〕334号 clauses （九）, （十） and （十一）:
one small pure function per entitlement, of the person's facts, the department's
parameters and the day. The target-person test and the poverty test are the kit's
(`servicekit.entitlements.target`); the numbers the policy leaves to cities are in
parameters.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from servicekit.entitlements.model import (
    Amount,
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
from servicekit.entitlements.target import (
    SETTLEMENT,
    TargetResult,
    anniversary,
    poverty_reason,
    target_person,
)
from social_security.entitlements.facts import DEPARTMENT, AssistanceGrant, Enrolment, RuleFacts

# --- shared pieces ---------------------------------------------------------------------


def _unknown_person() -> Outcome:
    return Outcome(
        Status.NEEDS_INFORMATION,
        [
            Reason(
                "PERSON_UNKNOWN",
                Text(
                    "社会保障部门尚未收到户籍部门对此人的登记信息。",
                    "Social security has not yet received settlement's registration of this person.",
                ),
                met=False,
                missing=Missing("person", SETTLEMENT),
            )
        ],
    )


def _refusal(reasons: Sequence[Reason], eligible_from: date | None = None) -> Outcome:
    """INELIGIBLE with the unmet conditions; NEEDS_INFORMATION if each only lacks a fact."""
    unmet = [r for r in reasons if not r.met]
    status = Status.NEEDS_INFORMATION if all(r.missing is not None for r in unmet) else Status.INELIGIBLE
    return Outcome(status, unmet, eligible_from=eligible_from)


def _not_target(target: TargetResult) -> Outcome:
    return Outcome(target.status, target.reasons, eligible_from=target.eligible_from)


def _covering(enrolments: Sequence[Enrolment], scheme: str, day: date) -> Enrolment | None:
    found = [e for e in enrolments if e.scheme == scheme and e.covers(day)]
    return max(found, key=lambda e: e.started_on) if found else None


def _grant_covering(grants: Sequence[AssistanceGrant], kind: str, day: date) -> AssistanceGrant | None:
    found = [g for g in grants if g.kind == kind and g.covers(day)]
    return max(found, key=lambda g: g.started_on) if found else None


def _amount(value: ParameterValue, period: Period) -> Amount | None:
    return (
        Amount(value.value, period)
        if isinstance(value.value, int) and not isinstance(value.value, bool)
        else None
    )


def _level_reason(value: ParameterValue, code: str, what: Text) -> Reason:
    """Where the amount comes from: the parameter, or who sets it when the policy gives none."""
    if isinstance(value.value, int) and not isinstance(value.value, bool):
        return Reason(code, what, met=True, facts=[value.fact()])
    setter = value.set_by or "当地人民政府"
    return Reason(
        code,
        Text(
            f"{what.zh}标准由{setter}确定，此处未记录金额。",
            f"{what.en} The level is set by {setter}; none is recorded here.",
        ),
        met=True,
        facts=[value.fact()],
    )


# --- （九） pension ----------------------------------------------------------------------


def resident_pension_premium(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（九）“自2019年起将符合条件的建档立卡贫困人口全员纳入居民保代缴范围，要求市县完善代缴标准政策”
    — from 2019 the government pays the residents' pension premium of every eligible
    registered poor person; cities and counties set the premium level."""
    if not facts.known or facts.birth_date is None:
        return _unknown_person()
    paid_from = params.get("premium_paid_from", as_of)
    min_age = params.get("resident_pension_min_age", as_of)
    premium = params.get("resident_pension_premium_fen", as_of)
    reasons: list[Reason] = []
    start = date.fromisoformat(str(paid_from.value)) if paid_from.value else None
    if start is None or as_of < start:
        reasons.append(
            Reason(
                "PREMIUM_NOT_YET_PAID_BY_GOVERNMENT",
                Text("代缴自2019年起实施。", "The government pays the premium from 2019."),
                met=False,
                facts=[paid_from.fact()],
            )
        )
    reasons.append(poverty_reason(facts.target.poverty, as_of))
    years = int(min_age.value) if isinstance(min_age.value, int) else 16
    reached = anniversary(facts.birth_date, years)
    age_facts = [facts.birth_fact(), min_age.fact()]
    if reached <= as_of:
        reasons.append(
            Reason(
                "MIN_AGE_REACHED",
                Text(f"年满{years}周岁。", f"Aged {years} or more."),
                met=True,
                facts=age_facts,
            )
        )
    else:
        reasons.append(
            Reason(
                "UNDER_MIN_AGE",
                Text(
                    f"{reached.isoformat()} 年满{years}周岁。", f"Reaches {years} on {reached.isoformat()}."
                ),
                met=False,
                facts=age_facts,
            )
        )
    employee = _covering(facts.enrolments, "EMPLOYEE_PENSION", as_of)
    if employee is not None:
        reasons.append(
            Reason(
                "IN_EMPLOYEE_PENSION",
                Text(
                    "已参加企业职工基本养老保险，不属于城乡居民养老保险代缴范围。",
                    "Enrolled in the employees' pension, so not in the residents' pension.",
                ),
                met=False,
                facts=[employee.fact()],
            )
        )
    else:
        reasons.append(
            Reason(
                "NOT_IN_EMPLOYEE_PENSION",
                Text("未参加企业职工基本养老保险。", "Not enrolled in the employees' pension."),
                met=True,
            )
        )
    if any(not r.met for r in reasons):
        only_age = [r.code for r in reasons if not r.met] == ["UNDER_MIN_AGE"]
        return _refusal(reasons, eligible_from=reached if only_age else None)
    level = _level_reason(premium, "PREMIUM_LEVEL", Text("代缴", "The premium paid by government."))
    enrolled = [
        e
        for e in facts.enrolments
        if e.scheme == "RESIDENT_PENSION" and e.premium_paid_by_government and e.covers(as_of)
    ]
    if enrolled:
        current = max(enrolled, key=lambda e: e.started_on)
        paid = Reason(
            "PREMIUM_PAID_BY_GOVERNMENT",
            Text("城乡居民养老保险保费由政府代缴。", "The residents' pension premium is paid by government."),
            met=True,
            facts=[current.fact()],
        )
        return Outcome(
            Status.GRANTED,
            [*reasons, paid, level],
            valid_from=current.started_on,
            valid_to=current.ended_on,
            amount=_amount(premium, Period.YEARLY),
        )
    return Outcome(Status.ELIGIBLE, [*reasons, level], amount=_amount(premium, Period.YEARLY))


def employee_pension(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（九）“引导符合条件的进城农村贫困人口参加企业职工基本养老保险”
    — rural poor people who moved to cities are guided into the employees' basic pension."""
    if not facts.known:
        return _unknown_person()
    target = target_person(facts.target, as_of)
    if not target.is_target:
        return _not_target(target)
    enrolled = _covering(facts.enrolments, "EMPLOYEE_PENSION", as_of)
    if enrolled is not None:
        return Outcome(
            Status.GRANTED,
            [
                *target.reasons,
                Reason(
                    "ENROLLED_IN_EMPLOYEE_PENSION",
                    Text("已参加企业职工基本养老保险。", "Enrolled in the employees' basic pension."),
                    met=True,
                    facts=[enrolled.fact()],
                ),
            ],
            valid_from=enrolled.started_on,
            valid_to=enrolled.ended_on,
        )
    return Outcome(
        Status.ELIGIBLE,
        [
            *target.reasons,
            Reason(
                "EMPLOYER_ENROLS",
                Text(
                    "尚未参保：由用人单位为其办理企业职工基本养老保险参保登记。",
                    "Not yet enrolled: the employer registers them in the employees' pension.",
                ),
                met=True,
            ),
        ],
        valid_to=target.valid_to,
    )


# --- （十） unemployment and work injury -------------------------------------------------


def _job_loss(facts: RuleFacts, as_of: date) -> tuple[Reason, Enrolment | None]:
    """The person's unemployment insurance on `as_of`: a reason that is met when the latest
    enrolment ended with the job lost by that day, and the enrolment."""
    started = [e for e in facts.enrolments if e.scheme == "UNEMPLOYMENT" and e.started_on <= as_of]
    if not started:
        return (
            Reason(
                "NOT_INSURED",
                Text("没有失业保险参保记录。", "No unemployment insurance enrolment."),
                met=False,
            ),
            None,
        )
    ongoing = [e for e in started if e.ended_on is None or e.ended_on > as_of]
    if ongoing:
        current = max(ongoing, key=lambda e: e.started_on)
        return (
            Reason(
                "STILL_EMPLOYED",
                Text("仍在参保就业，尚未失业。", "Still employed and insured, not unemployed."),
                met=False,
                facts=[current.fact()],
            ),
            current,
        )
    latest = max(started, key=lambda e: (e.ended_on or e.started_on, e.started_on))
    if latest.end_reason != "JOB_LOST":
        return (
            Reason(
                "NOT_JOB_LOST",
                Text("参保结束的原因不是失业。", "The enrolment did not end with the job lost."),
                met=False,
                facts=[latest.fact()],
            ),
            latest,
        )
    assert latest.ended_on is not None
    return (
        Reason(
            "JOB_LOST",
            Text(f"{latest.ended_on.isoformat()} 失业。", f"Lost the job on {latest.ended_on.isoformat()}."),
            met=True,
            facts=[latest.fact()],
        ),
        latest,
    )


def unemployment_benefit(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（十）“继续推进单位招用农村贫困人口参加失业保险并给予失业保险待遇……本人自愿缴费的按规定领取失业保险金”
    — a poor worker who paid the unemployment premium draws unemployment benefit on losing the job."""
    if not facts.known:
        return _unknown_person()
    poor = poverty_reason(facts.target.poverty, as_of)
    loss, enrolment = _job_loss(facts, as_of)
    reasons = [poor, loss]
    if enrolment is not None and loss.code in {"JOB_LOST", "NOT_JOB_LOST"}:
        if enrolment.worker_contributes:
            reasons.append(
                Reason(
                    "WORKER_CONTRIBUTED",
                    Text("本人缴纳了失业保险费。", "The worker paid the unemployment premium."),
                    met=True,
                    facts=[enrolment.fact()],
                )
            )
        else:
            reasons.append(
                Reason(
                    "WORKER_DID_NOT_CONTRIBUTE",
                    Text(
                        "本人未缴失业保险费：按规定领取一次性生活补贴（SOCIAL_SECURITY_UNEMPLOYMENT_LIVING_SUBSIDY）。",
                        "The worker paid no premium: the one-time living subsidy applies instead "
                        "(SOCIAL_SECURITY_UNEMPLOYMENT_LIVING_SUBSIDY).",
                    ),
                    met=False,
                    facts=[enrolment.fact()],
                )
            )
    if any(not r.met for r in reasons):
        return _refusal(reasons)
    assert enrolment is not None
    return Outcome(Status.ELIGIBLE, reasons, valid_from=enrolment.ended_on)


def unemployment_living_subsidy(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（十）“本人不缴失业保险费的失业后按规定领取一次性生活补贴”
    — a poor worker insured by the employer, who paid no premium, gets a one-time living
    subsidy on losing the job."""
    if not facts.known:
        return _unknown_person()
    poor = poverty_reason(facts.target.poverty, as_of)
    loss, enrolment = _job_loss(facts, as_of)
    reasons = [poor, loss]
    if enrolment is not None and loss.code in {"JOB_LOST", "NOT_JOB_LOST"}:
        if enrolment.worker_contributes:
            reasons.append(
                Reason(
                    "WORKER_CONTRIBUTED",
                    Text(
                        "本人缴纳了失业保险费：按规定领取失业保险金（SOCIAL_SECURITY_UNEMPLOYMENT_BENEFIT）。",
                        "The worker paid the premium: unemployment benefit applies instead "
                        "(SOCIAL_SECURITY_UNEMPLOYMENT_BENEFIT).",
                    ),
                    met=False,
                    facts=[enrolment.fact()],
                )
            )
        else:
            reasons.append(
                Reason(
                    "WORKER_DID_NOT_CONTRIBUTE",
                    Text(
                        "单位参保，本人未缴失业保险费。",
                        "Insured by the employer; the worker paid no premium.",
                    ),
                    met=True,
                    facts=[enrolment.fact()],
                )
            )
    if any(not r.met for r in reasons):
        return _refusal(reasons)
    assert enrolment is not None
    subsidy = params.get("unemployment_living_subsidy_fen", as_of)
    level = _level_reason(subsidy, "SUBSIDY_LEVEL", Text("一次性生活补贴", "The one-time living subsidy."))
    return Outcome(
        Status.ELIGIBLE,
        [*reasons, level],
        valid_from=enrolment.ended_on,
        amount=_amount(subsidy, Period.ONE_TIME),
    )


def work_injury_insurance(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（十）“对各类工程建设项目中不能按用人单位参加工伤保险的职工，按项目参加工伤保险”
    — poor workers are covered by work-injury insurance, per construction project where the
    employer cannot enrol them."""
    if not facts.known:
        return _unknown_person()
    poor = poverty_reason(facts.target.poverty, as_of)
    covered = _covering(facts.enrolments, "WORK_INJURY", as_of)
    if poor.met and covered is not None:
        how = f"（项目：{covered.project}）" if covered.project else ""
        return Outcome(
            Status.GRANTED,
            [
                poor,
                Reason(
                    "WORK_INJURY_INSURED",
                    Text(f"已参加工伤保险{how}。", "Covered by work-injury insurance."),
                    met=True,
                    facts=[covered.fact()],
                ),
            ],
            valid_from=covered.started_on,
            valid_to=covered.ended_on,
        )
    employed = _covering(facts.enrolments, "EMPLOYEE_PENSION", as_of) or _covering(
        facts.enrolments, "UNEMPLOYMENT", as_of
    )
    if employed is not None:
        job = Reason(
            "EMPLOYED_INSURED",
            Text(
                "在职参保但未参加工伤保险：由用人单位参保，不能按单位参保的按工程项目参保。",
                "Employed and insured but without work-injury cover: the employer enrols them, "
                "or the construction project does.",
            ),
            met=True,
            facts=[employed.fact()],
        )
    else:
        job = Reason(
            "NOT_EMPLOYED_INSURED",
            Text(
                "没有在职参保（企业职工养老或失业保险）记录。",
                "No employee pension or unemployment enrolment.",
            ),
            met=False,
        )
    if not poor.met or not job.met:
        return _refusal([poor, job])
    return Outcome(Status.ELIGIBLE, [poor, job])


def work_injury_benefits(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（十）“对依法认定为工伤的贫困职工，工伤保险经办机构应依法及时落实相关待遇”
    — for a poor worker with a work injury recognised by law, the fund pays the benefits promptly."""
    if not facts.known:
        return _unknown_person()
    poor = poverty_reason(facts.target.poverty, as_of)
    by_id = {e.id: e for e in facts.enrolments}
    recognised = [i for i in facts.injuries if i.recognized_on <= as_of]
    covered = [
        i
        for i in recognised
        if (e := by_id.get(i.enrolment_id)) is not None
        and e.scheme == "WORK_INJURY"
        and e.covers(i.recognized_on)
    ]
    injury: Reason
    if covered:
        latest = max(covered, key=lambda i: i.recognized_on)
        enrolment = by_id[latest.enrolment_id]
        injury = Reason(
            "WORK_INJURY_RECOGNIZED",
            Text(
                f"{latest.recognized_on.isoformat()} 依法认定为工伤，当时参加工伤保险。",
                f"Work injury recognised on {latest.recognized_on.isoformat()} while covered.",
            ),
            met=True,
            facts=[latest.fact(), enrolment.fact()],
        )
    elif recognised:
        injury = Reason(
            "INJURY_NOT_COVERED",
            Text("认定工伤时未参加工伤保险。", "No work-injury cover when the injury was recognised."),
            met=False,
            facts=[i.fact() for i in recognised],
        )
    else:
        injury = Reason(
            "NO_RECOGNIZED_WORK_INJURY",
            Text("没有依法认定的工伤。", "No work injury recognised by law."),
            met=False,
        )
    if not poor.met or not injury.met:
        return _refusal([poor, injury])
    return Outcome(
        Status.ELIGIBLE, [poor, injury], valid_from=max(covered, key=lambda i: i.recognized_on).recognized_on
    )


# --- （十一） social assistance and services -----------------------------------------------


def _assistance(facts: RuleFacts, as_of: date, kind: str, granted: Text, apply: Reason) -> Outcome:
    if not facts.known:
        return _unknown_person()
    grant = _grant_covering(facts.assistance, kind, as_of)
    if grant is not None:
        return Outcome(
            Status.GRANTED,
            [Reason(f"{kind}_GRANTED", granted, met=True, facts=[grant.fact()])],
            valid_from=grant.started_on,
            valid_to=grant.last_day,
            amount=Amount(grant.amount_fen, Period(grant.period)),
        )
    target = target_person(facts.target, as_of)
    if not target.is_target:
        return _not_target(target)
    return Outcome(Status.ELIGIBLE, [*target.reasons, apply], valid_to=target.valid_to)


def dibao(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（十一）“将符合条件的进城农村贫困人口纳入社会救助范围”
    — rural poor people who moved to cities and meet the conditions are covered by social
    assistance (dibao)."""
    return _assistance(
        facts,
        as_of,
        "DIBAO",
        Text("正在享受最低生活保障。", "Receives the minimum living guarantee (dibao)."),
        Reason(
            "MEANS_TEST_ON_APPLICATION",
            Text(
                "可申请低保；家庭收入和财产由民政部门在申请时核对。",
                "May apply for dibao; civil affairs checks the household's income and assets on application.",
            ),
            met=True,
        ),
    )


def temporary_assistance(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（十一）“对于遭遇突发性、紧迫性、临时性基本生活困难的进城农村贫困人口，及时给予临时救助”
    — rural poor people in the city facing sudden, urgent or temporary hardship get temporary
    assistance at once."""
    return _assistance(
        facts,
        as_of,
        "TEMPORARY",
        Text("正在享受临时救助。", "Receives temporary assistance."),
        Reason(
            "ON_SUDDEN_HARDSHIP",
            Text(
                "遭遇突发性、紧迫性、临时性基本生活困难时可申请临时救助。",
                "May apply for temporary assistance on sudden, urgent or temporary hardship.",
            ),
            met=True,
        ),
    )


def disability_services(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（十一）“实现养老、社会福利、残疾人基本公共服务能力全覆盖”
    — basic public services for persons with disabilities cover every rural poor person who
    moved to a city."""
    if not facts.known:
        return _unknown_person()
    target = target_person(facts.target, as_of)
    if not target.is_target:
        return _not_target(target)
    valid = [d for d in facts.disabilities if d.valid_on(as_of)]
    if not valid:
        return Outcome(
            Status.INELIGIBLE,
            [
                Reason(
                    "NO_DISABILITY_RECORD",
                    Text(
                        f"{as_of.isoformat()} 没有有效的残疾人证记录。",
                        f"No valid disability record on {as_of.isoformat()}.",
                    ),
                    met=False,
                    facts=[f for d in facts.disabilities for f in d.facts()],
                )
            ],
        )
    current = max(valid, key=lambda d: d.certified_on)
    valid_to = target.valid_to
    if current.revoked_on is not None:
        last = date.fromordinal(current.revoked_on.toordinal() - 1)
        valid_to = last if valid_to is None else min(valid_to, last)
    return Outcome(
        Status.ELIGIBLE,
        [
            *target.reasons,
            Reason(
                "DISABILITY_RECORDED",
                Text(
                    f"持残疾人证：{current.category}，{current.grade}级。",
                    f"Certified disability: {current.category}, grade {current.grade}.",
                ),
                met=True,
                facts=current.facts(),
            ),
        ],
        valid_from=current.certified_on,
        valid_to=valid_to,
    )


# --- the rules --------------------------------------------------------------------------


def _basis(clause: str, quote: str) -> LegalBasis:
    return LegalBasis(clause=clause, quote=quote)


RULES: list[Rule[RuleFacts]] = [
    Rule(
        "SOCIAL_SECURITY_RESIDENT_PENSION_PREMIUM",
        DEPARTMENT,
        Text("城乡居民养老保险政府代缴", "Residents' pension premium paid by government"),
        _basis("（九）", "自2019年起将符合条件的建档立卡贫困人口全员纳入居民保代缴范围"),
        resident_pension_premium,
        parameters=("premium_paid_from", "resident_pension_min_age", "resident_pension_premium_fen"),
    ),
    Rule(
        "SOCIAL_SECURITY_EMPLOYEE_PENSION",
        DEPARTMENT,
        Text("企业职工基本养老保险参保", "Enrolment in the employees' basic pension"),
        _basis("（九）", "引导符合条件的进城农村贫困人口参加企业职工基本养老保险"),
        employee_pension,
    ),
    Rule(
        "SOCIAL_SECURITY_UNEMPLOYMENT_BENEFIT",
        DEPARTMENT,
        Text("失业保险金", "Unemployment benefit"),
        _basis("（十）", "本人自愿缴费的按规定领取失业保险金"),
        unemployment_benefit,
    ),
    Rule(
        "SOCIAL_SECURITY_UNEMPLOYMENT_LIVING_SUBSIDY",
        DEPARTMENT,
        Text("失业一次性生活补贴", "One-time living subsidy on losing the job"),
        _basis("（十）", "本人不缴失业保险费的失业后按规定领取一次性生活补贴"),
        unemployment_living_subsidy,
        parameters=("unemployment_living_subsidy_fen",),
    ),
    Rule(
        "SOCIAL_SECURITY_WORK_INJURY_INSURANCE",
        DEPARTMENT,
        Text("工伤保险参保", "Work-injury insurance cover"),
        _basis("（十）", "对各类工程建设项目中不能按用人单位参加工伤保险的职工，按项目参加工伤保险"),
        work_injury_insurance,
    ),
    Rule(
        "SOCIAL_SECURITY_WORK_INJURY_BENEFITS",
        DEPARTMENT,
        Text("工伤保险待遇", "Work-injury benefits"),
        _basis("（十）", "对依法认定为工伤的贫困职工，工伤保险经办机构应依法及时落实相关待遇"),
        work_injury_benefits,
    ),
    Rule(
        "SOCIAL_SECURITY_DIBAO",
        DEPARTMENT,
        Text("最低生活保障（低保）", "Minimum living guarantee (dibao)"),
        _basis("（十一）", "将符合条件的进城农村贫困人口纳入社会救助范围"),
        dibao,
    ),
    Rule(
        "SOCIAL_SECURITY_TEMPORARY_ASSISTANCE",
        DEPARTMENT,
        Text("临时救助", "Temporary assistance"),
        _basis("（十一）", "对于遭遇突发性、紧迫性、临时性基本生活困难的进城农村贫困人口，及时给予临时救助"),
        temporary_assistance,
    ),
    Rule(
        "SOCIAL_SECURITY_DISABILITY_SERVICES",
        DEPARTMENT,
        Text("残疾人基本公共服务", "Basic public services for persons with disabilities"),
        _basis("（十一）", "实现养老、社会福利、残疾人基本公共服务能力全覆盖"),
        disability_services,
    ),
]
