"""Health's entitlements under 闽发改社会〔2019〕334号 clauses （七） and （八）: one small pure
function per entitlement, of the person's facts, the department's parameters and the day.
The hukou and poverty tests are the kit's (`servicekit.entitlements.target`); the numbers
the policy leaves to others (premium and fee levels) are in parameters.yaml.

Clauses 七 and 八 speak of registered poor people (建档立卡贫困人口), rural ones where they
say so (农村建档立卡贫困人口, 农村贫困人口), not only of those who moved to a city: the
rules test what each clause names, and the target-person test is not a condition here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from health.entitlements.facts import (
    COVERS,
    DEPARTMENT,
    Admission,
    Contract,
    Enrolment,
    RuleFacts,
    Settlement,
)
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
from servicekit.entitlements.target import SETTLEMENT, Hukou, hukou_on, poverty_reason, registered_poor

# --- shared pieces ---------------------------------------------------------------------


def _hukou_fact(hukou: Hukou) -> Fact:
    return Fact("hukou", f"{hukou.type} {hukou.region} from {hukou.recorded_on.isoformat()}", hukou.source)


def _rural_reason(facts: RuleFacts, day: date) -> Reason:
    """A rural hukou on `day` (the registration in force, `hukou_on`)."""
    current = hukou_on(facts.target.hukou, day)
    if current is None:
        return Reason(
            "HUKOU_UNKNOWN",
            Text(f"{day.isoformat()} 的户口登记情况未知。", f"The hukou on {day.isoformat()} is not known."),
            met=False,
            missing=Missing("hukou", SETTLEMENT),
        )
    if current.type != "RURAL":
        return Reason(
            "NOT_RURAL_HUKOU",
            Text("户口不是农业户口。", "The hukou is not rural."),
            met=False,
            facts=[_hukou_fact(current)],
        )
    return Reason("RURAL_HUKOU", Text("农业户口。", "Rural hukou."), met=True, facts=[_hukou_fact(current)])


def _refusal(reasons: Sequence[Reason]) -> Outcome:
    """INELIGIBLE with the unmet conditions; NEEDS_INFORMATION if each only lacks a fact."""
    unmet = [r for r in reasons if not r.met]
    status = Status.NEEDS_INFORMATION if all(r.missing is not None for r in unmet) else Status.INELIGIBLE
    return Outcome(status, unmet)


def _poor_until(facts: RuleFacts, day: date) -> date | None:
    """The last day of the poverty registration in force on `day`, when its lifting is known."""
    current = registered_poor(facts.target.poverty, day)
    if current is None or current.lifted_on is None:
        return None
    return current.lifted_on - timedelta(days=1)


def _enrolment_for_year(facts: RuleFacts, day: date) -> Enrolment | None:
    """The enrolment for `day`'s insurance year, if recorded by that day."""
    found = [e for e in facts.enrolments if e.year == day.year and e.enrolled_on <= day]
    return found[-1] if found else None


def _contract_in_force(facts: RuleFacts, day: date, *, chronic: bool = False) -> Contract | None:
    found = [c for c in facts.contracts if c.in_force(day) and (c.chronic_diseases or not chronic)]
    return max(found, key=lambda c: c.signed_on) if found else None


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def _earliest(*days: date | None) -> date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def _amount(value: ParameterValue, period: Period) -> Amount | None:
    return (
        Amount(value.value, period)
        if isinstance(value.value, int) and not isinstance(value.value, bool)
        else None
    )


def _level_reason(value: ParameterValue, code: str, what: Text) -> Reason:
    """Where the amount comes from: the parameter, or who sets it when none is recorded."""
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


# --- （八） medical insurance ------------------------------------------------------------


def medical_insurance_premium_subsidy(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（八）“落实农村建档立卡贫困人口参加城乡居民基本医疗保险个人缴费财政全额资助政策”
    — the government pays the whole individual premium of urban and rural residents' basic
    medical insurance for registered poor people with a rural hukou."""
    reasons = [_rural_reason(facts, as_of), poverty_reason(facts.target.poverty, as_of)]
    if any(not r.met for r in reasons):
        return _refusal(reasons)
    until = _poor_until(facts, as_of)
    enrolment = _enrolment_for_year(facts, as_of)
    if enrolment is not None and enrolment.fully_subsidised:
        return Outcome(
            Status.GRANTED,
            [
                *reasons,
                Reason(
                    "PREMIUM_FULLY_SUBSIDISED",
                    Text(
                        f"{enrolment.year} 年度个人缴费 {enrolment.premium_fen} 分由财政全额资助。",
                        f"The {enrolment.year} premium of {enrolment.premium_fen} fen is paid in full "
                        "by government.",
                    ),
                    met=True,
                    facts=[enrolment.fact()],
                ),
            ],
            valid_from=max(date(enrolment.year, 1, 1), enrolment.enrolled_on),
            valid_to=_year_end(enrolment.year),
            amount=Amount(enrolment.premium_fen, Period.YEARLY),
        )
    if enrolment is not None:
        short = enrolment.premium_fen - enrolment.paid_by_government_fen
        return Outcome(
            Status.ELIGIBLE,
            [
                *reasons,
                Reason(
                    "PREMIUM_NOT_FULLY_SUBSIDISED",
                    Text(
                        f"{enrolment.year} 年度个人缴费中财政仅资助 {enrolment.paid_by_government_fen} 分，"
                        f"尚差 {short} 分，应全额资助。",
                        f"Government paid only {enrolment.paid_by_government_fen} fen of the "
                        f"{enrolment.year} premium; {short} fen more is owed.",
                    ),
                    met=False,
                    facts=[enrolment.fact()],
                ),
            ],
            valid_to=_earliest(until, _year_end(as_of.year)),
            amount=Amount(enrolment.premium_fen, Period.YEARLY),
        )
    premium = params.get("resident_medical_premium_fen", as_of)
    level = _level_reason(
        premium, "PREMIUM_LEVEL", Text("城乡居民医保个人缴费", "The residents' medical insurance premium.")
    )
    return Outcome(Status.ELIGIBLE, [*reasons, level], valid_to=until, amount=_amount(premium, Period.YEARLY))


_COVER_TEXT = {
    "BASIC": Text("基本医保", "basic medical insurance"),
    "CRITICAL_ILLNESS": Text("大病保险", "critical-illness insurance"),
    "MEDICAL_ASSISTANCE": Text("医疗救助", "medical assistance"),
    "PRECISION_POVERTY": Text("精准扶贫医疗叠加保险", "supplementary precision-poverty insurance"),
}


def _cover_reason(cover: str, enrolment: Enrolment | None, year: int) -> Reason:
    text = _COVER_TEXT[cover]
    covered = enrolment is not None and (cover == "BASIC" or cover in enrolment.covers)
    used = [] if enrolment is None else [enrolment.fact()]
    if covered:
        return Reason(
            f"{cover}_COVERED",
            Text(f"{year} 年度已纳入{text.zh}。", f"Covered by {text.en} in {year}."),
            met=True,
            facts=used,
        )
    return Reason(
        f"{cover}_NOT_COVERED",
        Text(f"{year} 年度尚未纳入{text.zh}。", f"Not yet covered by {text.en} in {year}."),
        met=False,
        facts=used,
    )


def poverty_insurance_cover(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（八）“将建档立卡贫困人口全部纳入基本医保、大病保险、医疗救助、精准扶贫医疗叠加保险保障范围”
    — every registered poor person is covered by basic medical insurance, critical-illness
    insurance, medical assistance and the supplementary precision-poverty insurance."""
    poor = poverty_reason(facts.target.poverty, as_of)
    if not poor.met:
        return _refusal([poor])
    enrolment = _enrolment_for_year(facts, as_of)
    covers = [_cover_reason(c, enrolment, as_of.year) for c in ("BASIC", *COVERS)]
    if all(r.met for r in covers):
        assert enrolment is not None
        return Outcome(
            Status.GRANTED,
            [poor, *covers],
            valid_from=max(date(enrolment.year, 1, 1), enrolment.enrolled_on),
            valid_to=_year_end(enrolment.year),
        )
    return Outcome(Status.ELIGIBLE, [poor, *covers], valid_to=_poor_until(facts, as_of))


def family_doctor_fee_subsidy(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（八）“对建档立卡贫困人口家庭医生签约服务费个人缴费部分给予全额资助”
    — the government pays the whole personal part of a registered poor person's
    family-doctor contract fee."""
    poor = poverty_reason(facts.target.poverty, as_of)
    if not poor.met:
        return _refusal([poor])
    until = _poor_until(facts, as_of)
    contract = _contract_in_force(facts, as_of)
    if contract is not None and contract.subsidy_fen == contract.fee_fen:
        return Outcome(
            Status.GRANTED,
            [
                poor,
                Reason(
                    "FEE_FULLY_SUBSIDISED",
                    Text(
                        f"家庭医生签约服务费个人缴费部分 {contract.fee_fen} 分已全额资助。",
                        f"The personal part of the contract fee, {contract.fee_fen} fen, is paid in full.",
                    ),
                    met=True,
                    facts=[contract.fact()],
                ),
            ],
            valid_from=contract.signed_on,
            valid_to=contract.ends_on,
            amount=Amount(contract.subsidy_fen, Period.ONE_TIME),
        )
    if contract is not None:
        short = contract.fee_fen - contract.subsidy_fen
        return Outcome(
            Status.ELIGIBLE,
            [
                poor,
                Reason(
                    "FEE_NOT_FULLY_SUBSIDISED",
                    Text(
                        f"签约服务费个人缴费部分仅资助 {contract.subsidy_fen} 分，"
                        f"尚差 {short} 分，应全额资助。",
                        f"Only {contract.subsidy_fen} fen of the personal part is subsidised; "
                        f"{short} fen more is owed.",
                    ),
                    met=False,
                    facts=[contract.fact()],
                ),
            ],
            valid_to=_earliest(until, contract.ends_on),
            amount=Amount(contract.fee_fen, Period.ONE_TIME),
        )
    fee = params.get("family_doctor_personal_fee_fen", as_of)
    level = _level_reason(
        fee, "FEE_LEVEL", Text("家庭医生签约服务费个人缴费部分", "The personal part of the contract fee.")
    )
    return Outcome(Status.ELIGIBLE, [poor, level], valid_to=until, amount=_amount(fee, Period.ONE_TIME))


def _settlement_of(facts: RuleFacts, admission: Admission) -> Settlement | None:
    found = [s for s in facts.settlements if s.admission_id == admission.id]
    return found[0] if found else None


def one_stop_settlement(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（八）“在医保联网定点医疗机构实现‘一站式’结算”
    — an insured registered poor person settles hospital bills in one stop at networked
    designated medical institutions."""
    poor = poverty_reason(facts.target.poverty, as_of)
    enrolment = _enrolment_for_year(facts, as_of)
    if enrolment is None:
        insured = Reason(
            "NOT_INSURED",
            Text(
                f"{as_of.year} 年度没有城乡居民基本医疗保险参保记录。",
                f"No basic medical insurance enrolment for {as_of.year}.",
            ),
            met=False,
        )
    else:
        insured = Reason(
            "INSURED",
            Text(f"{as_of.year} 年度已参加基本医疗保险。", f"Insured for {as_of.year}."),
            met=True,
            facts=[enrolment.fact()],
        )
    if not poor.met or not insured.met:
        return _refusal([poor, insured])
    settled = [s for s in facts.settlements if s.settled_on <= as_of and s.settled_on.year == as_of.year]
    if settled:
        latest = max(settled, key=lambda s: s.settled_on)
        return Outcome(
            Status.GRANTED,
            [
                poor,
                insured,
                Reason(
                    "SETTLED_IN_ONE_STOP",
                    Text(
                        f"{latest.settled_on.isoformat()} 在定点医疗机构一站式结算。",
                        "Settled in one stop at a designated institution on "
                        f"{latest.settled_on.isoformat()}.",
                    ),
                    met=True,
                    facts=[s.fact() for s in settled],
                ),
            ],
            valid_from=latest.settled_on,
            valid_to=_year_end(as_of.year),
            amount=Amount(latest.reimbursed_fen, Period.ONE_TIME),
        )
    return Outcome(
        Status.ELIGIBLE,
        [
            poor,
            insured,
            Reason(
                "AT_NETWORKED_DESIGNATED_INSTITUTIONS",
                Text(
                    "在医保联网定点医疗机构就医时可一站式结算。",
                    "Bills are settled in one stop at networked designated institutions.",
                ),
                met=True,
            ),
        ],
        valid_to=_earliest(_poor_until(facts, as_of), _year_end(as_of.year)),
    )


# --- （七） health poverty alleviation ----------------------------------------------------


def treat_first_pay_later(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（七）“落实农村贫困人口大病患者在县域内定点医院住院实行先诊疗后付费”
    — rural poor patients with a serious illness are admitted to designated hospitals in
    the county without a deposit, and pay after treatment."""
    reasons = [_rural_reason(facts, as_of), poverty_reason(facts.target.poverty, as_of)]
    if any(not r.met for r in reasons):
        return _refusal(reasons)
    ongoing = [
        (a, s)
        for a in facts.admissions
        if a.admitted_on <= as_of and ((s := _settlement_of(facts, a)) is None or s.settled_on >= as_of)
    ]
    granted = [(a, s) for a, s in ongoing if a.treat_first_pay_later]
    if granted:
        admission, settlement = max(granted, key=lambda p: p[0].admitted_on)
        used = [admission.fact()] + ([] if settlement is None else [settlement.fact()])
        return Outcome(
            Status.GRANTED,
            [
                *reasons,
                Reason(
                    "ADMITTED_TREAT_FIRST_PAY_LATER",
                    Text(
                        f"{admission.admitted_on.isoformat()} 在定点医院{admission.hospital}"
                        "住院，先诊疗后付费。",
                        f"Admitted to the designated hospital {admission.hospital} on "
                        f"{admission.admitted_on.isoformat()} without a deposit.",
                    ),
                    met=True,
                    facts=used,
                ),
            ],
            valid_from=admission.admitted_on,
            valid_to=None if settlement is None else settlement.settled_on,
        )
    gaps = [
        Reason(
            "ADMITTED_WITH_DEPOSIT" if a.designated else "ADMITTED_OUTSIDE_DESIGNATED_HOSPITAL",
            Text(
                f"{a.admitted_on.isoformat()} 住院未实行先诊疗后付费"
                + ("。" if a.designated else "（非定点医院）。"),
                f"Admitted on {a.admitted_on.isoformat()} without treat-first-pay-later"
                + ("." if a.designated else " (not a designated hospital)."),
            ),
            met=False,
            facts=[a.fact()],
        )
        for a, _ in ongoing
    ]
    return Outcome(
        Status.ELIGIBLE,
        [
            *reasons,
            Reason(
                "AT_DESIGNATED_COUNTY_HOSPITALS",
                Text(
                    "大病住院时在县域内定点医院可先诊疗后付费。",
                    "Admitted for a serious illness to a designated hospital in the county, "
                    "treatment comes first and payment after.",
                ),
                met=True,
            ),
            *gaps,
        ],
        valid_to=_poor_until(facts, as_of),
    )


def chronic_disease_contract(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（七）“做细做实慢病签约管理”
    — registered poor people with a chronic disease are managed under a family-doctor
    contract (慢病签约管理)."""
    poor = poverty_reason(facts.target.poverty, as_of)
    if not poor.met:
        return _refusal([poor])
    contract = _contract_in_force(facts, as_of, chronic=True)
    if contract is not None:
        return Outcome(
            Status.GRANTED,
            [
                poor,
                Reason(
                    "CHRONIC_DISEASE_CONTRACT",
                    Text(
                        f"已签约慢病管理：{'、'.join(contract.chronic_diseases)}。",
                        f"Under chronic-disease contract management: {', '.join(contract.chronic_diseases)}.",
                    ),
                    met=True,
                    facts=[contract.fact()],
                ),
            ],
            valid_from=contract.signed_on,
            valid_to=contract.ends_on,
        )
    return Outcome(
        Status.ELIGIBLE,
        [
            poor,
            Reason(
                "CONTRACT_ON_DIAGNOSIS",
                Text(
                    "患有慢病的可与家庭医生签约慢病管理。",
                    "A person with a chronic disease may sign a chronic-disease contract "
                    "with a family doctor.",
                ),
                met=True,
            ),
        ],
        valid_to=_poor_until(facts, as_of),
    )


# --- the rules --------------------------------------------------------------------------


def _basis(clause: str, quote: str) -> LegalBasis:
    return LegalBasis(clause=clause, quote=quote)


RULES: list[Rule[RuleFacts]] = [
    Rule(
        "HEALTH_MEDICAL_INSURANCE_PREMIUM_SUBSIDY",
        DEPARTMENT,
        Text(
            "城乡居民医保个人缴费财政全额资助",
            "Residents' medical insurance premium paid in full by government",
        ),
        _basis("（八）", "落实农村建档立卡贫困人口参加城乡居民基本医疗保险个人缴费财政全额资助政策"),
        medical_insurance_premium_subsidy,
        parameters=("resident_medical_premium_fen",),
    ),
    Rule(
        "HEALTH_POVERTY_INSURANCE_COVER",
        DEPARTMENT,
        Text(
            "基本医保、大病保险、医疗救助、精准扶贫医疗叠加保险全覆盖",
            "Basic, critical-illness, assistance and precision-poverty medical cover",
        ),
        _basis(
            "（八）", "将建档立卡贫困人口全部纳入基本医保、大病保险、医疗救助、精准扶贫医疗叠加保险保障范围"
        ),
        poverty_insurance_cover,
    ),
    Rule(
        "HEALTH_FAMILY_DOCTOR_FEE_SUBSIDY",
        DEPARTMENT,
        Text("家庭医生签约服务费个人缴费全额资助", "Family-doctor contract fee paid in full"),
        _basis("（八）", "对建档立卡贫困人口家庭医生签约服务费个人缴费部分给予全额资助"),
        family_doctor_fee_subsidy,
        parameters=("family_doctor_personal_fee_fen",),
    ),
    Rule(
        "HEALTH_ONE_STOP_SETTLEMENT",
        DEPARTMENT,
        Text("医保一站式结算", "One-stop settlement of hospital bills"),
        _basis("（八）", "在医保联网定点医疗机构实现“一站式”结算"),
        one_stop_settlement,
    ),
    Rule(
        "HEALTH_TREAT_FIRST_PAY_LATER",
        DEPARTMENT,
        Text("县域内定点医院先诊疗后付费", "Treat first, pay later at designated county hospitals"),
        _basis("（七）", "落实农村贫困人口大病患者在县域内定点医院住院实行先诊疗后付费"),
        treat_first_pay_later,
    ),
    Rule(
        "HEALTH_CHRONIC_DISEASE_CONTRACT",
        DEPARTMENT,
        Text("慢病签约管理", "Chronic-disease contract management"),
        _basis("（七）", "做细做实慢病签约管理"),
        chronic_disease_contract,
    ),
]
