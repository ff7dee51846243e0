"""就业 Employment's entitlements under 闽发改社会〔2019〕334号 clauses （三） and （四）: one small
pure function per entitlement, of the person's facts, the department's parameters and the
day. The target-person test and the poverty test are the kit's
(`servicekit.entitlements.target`); working-age bounds and the subsidy level are in
parameters.yaml. Education owns the graduates' subsidy of （三） and 雨露计划 of （四）.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from employment.entitlements.facts import DEPARTMENT, RuleFacts, Training, city_of
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
from servicekit.entitlements.target import (
    SETTLEMENT,
    Hukou,
    anniversary,
    hukou_on,
    poverty_reason,
    target_person,
)

# --- shared pieces ---------------------------------------------------------------------


def _unknown_person() -> Outcome:
    return Outcome(
        Status.NEEDS_INFORMATION,
        [
            Reason(
                "PERSON_UNKNOWN",
                Text(
                    "就业部门尚未收到户籍部门对此人的登记信息（出生日期、性别）。",
                    "Employment has not yet received settlement's registration of this person "
                    "(birth date and sex).",
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


def _earliest(*days: date | None) -> date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def _int(value: ParameterValue) -> int | None:
    return value.value if isinstance(value.value, int) and not isinstance(value.value, bool) else None


def _add_months(day: date, months: int) -> date:
    """The same day `months` months later; a day the month lacks becomes its last day."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month0 + 1
    next_first = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (next_first - timedelta(days=1)).day))


def _hukou_fact(hukou: Hukou) -> Fact:
    return Fact("hukou", f"{hukou.type} {hukou.region} from {hukou.recorded_on.isoformat()}", hukou.source)


def _rural_hukou(hukou: Sequence[Hukou], day: date) -> Reason:
    current = hukou_on(hukou, day)
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
            Text(
                "户口不是农业户口，不属于农民工。", "The hukou is not rural: not a migrant worker (农民工)."
            ),
            met=False,
            facts=[_hukou_fact(current)],
        )
    return Reason("RURAL_HUKOU", Text("农业户口。", "Rural hukou."), met=True, facts=[_hukou_fact(current)])


# --- （三） public employment services -------------------------------------------------


def public_services(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（三）“免费为进城农村贫困人口提供求职登记、职业指导、政策咨询等服务，帮助进城农村贫困人口在输入地稳定就业”
    — free job-seeker registration, career guidance and policy consultation for rural poor
    people who moved to a city, in the city where they work or live. Granted while the
    person's job-seeker registration in that city is open."""
    target = target_person(facts.target, as_of)
    if not target.is_target:
        return Outcome(target.status, target.reasons, eligible_from=target.eligible_from)
    assert target.city is not None
    open_here = [r for r in facts.registrations if r.open_on(as_of) and city_of(r.region) == target.city]
    if open_here:
        current = max(open_here, key=lambda r: r.registered_on)
        registered = Reason(
            "REGISTERED_AS_JOB_SEEKER",
            Text(
                f"已于 {current.registered_on.isoformat()} 在就业地办理求职登记，享受免费公共就业服务。",
                f"Registered as a job seeker in the city on {current.registered_on.isoformat()}: "
                "free public employment services are provided.",
            ),
            met=True,
            facts=[current.fact()],
        )
        return Outcome(
            Status.GRANTED,
            [*target.reasons, registered],
            valid_from=current.registered_on,
            valid_to=_earliest(current.closed_on, target.valid_to),
        )
    free = Reason(
        "FREE_PUBLIC_EMPLOYMENT_SERVICES",
        Text(
            f"可在 {target.city} 的公共就业服务机构免费办理求职登记，获得职业指导和政策咨询。",
            f"May register as a job seeker free of charge, and get career guidance and policy "
            f"advice, at the public employment service of {target.city}.",
        ),
        met=True,
    )
    return Outcome(Status.ELIGIBLE, [*target.reasons, free], valid_to=target.valid_to)


# --- （四） vocational skills training subsidy ------------------------------------------


def retirement_day(birth: date, sex: str, params: Parameters, as_of: date) -> tuple[date, list[Fact]]:
    """The statutory retirement day (法定退休年龄) of a worker: the base age's birthday, put
    off by the gradual delay from 2025 (每四个月/每二个月延迟一个月) when that birthday falls
    on or after the delay's first day."""
    key = sex.lower()
    base = params.get(f"retirement_age_{key}", as_of)
    years = _int(base)
    used = [base.fact()]
    if years is None:  # not set: no upper bound can be told
        return date.max, used
    day = anniversary(birth, years)
    start = params.get("retirement_delay_from", as_of)
    if start.value:
        reform = date.fromisoformat(str(start.value))
        step = _int(params.get(f"retirement_delay_step_months_{key}", as_of))
        cap = _int(params.get(f"retirement_delay_max_months_{key}", as_of))
        if day >= reform and step and cap is not None:
            months = (day.year - reform.year) * 12 + day.month - reform.month
            day = _add_months(day, min(cap, months // step + 1))
            used += [
                start.fact(),
                params.get(f"retirement_delay_step_months_{key}", as_of).fact(),
                params.get(f"retirement_delay_max_months_{key}", as_of).fact(),
            ]
    return day, used


def _working_age(
    facts: RuleFacts, params: Parameters, as_of: date
) -> tuple[Reason, date | None, date | None]:
    """Whether the person is of working age on `as_of`; the day they reach it when younger;
    the last day of working age."""
    assert facts.birth_date is not None
    if facts.sex is None:
        return (
            Reason(
                "SEX_UNKNOWN",
                Text("性别未知，无法确定法定退休年龄。", "Sex unknown: the retirement age cannot be told."),
                met=False,
                missing=Missing("sex", SETTLEMENT),
            ),
            None,
            None,
        )
    minimum = params.get("working_age_min", as_of)
    years = _int(minimum) or 16
    reached = anniversary(facts.birth_date, years)
    retires, used = retirement_day(facts.birth_date, facts.sex, params, as_of)
    used = [*facts.birth_facts(), minimum.fact(), *used]
    last = retires - timedelta(days=1) if retires != date.max else None
    if as_of < reached:
        return (
            Reason(
                "UNDER_WORKING_AGE",
                Text(
                    f"{reached.isoformat()} 年满{years}周岁。", f"Reaches {years} on {reached.isoformat()}."
                ),
                met=False,
                facts=used,
            ),
            reached,
            last,
        )
    if as_of >= retires:
        return (
            Reason(
                "OVER_WORKING_AGE",
                Text(
                    f"已于 {retires.isoformat()} 达到法定退休年龄。",
                    f"Reached the statutory retirement age on {retires.isoformat()}.",
                ),
                met=False,
                facts=used,
            ),
            None,
            last,
        )
    return (
        Reason(
            "WORKING_AGE",
            Text(
                f"年满{years}周岁、未达法定退休年龄。", f"Aged {years} or more and below the retirement age."
            ),
            met=True,
            facts=used,
        ),
        None,
        last,
    )


def _covering(trainings: Sequence[Training], kind: str, day: date) -> list[Training]:
    return [t for t in trainings if t.kind == kind and t.covers(day)]


def training_subsidy(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（四）“积极组织有就业能力和培训意愿的贫困劳动力参加职业技能培训，并按规定提供职业培训补贴”
    — registered poor people of working age who are able and willing to train are organised
    into vocational skills training, with the training subsidy as the rules provide. Granted,
    with the subsidy as a one-time amount, while the person is in a subsidised course."""
    if not facts.known:
        return _unknown_person()
    poor = poverty_reason(facts.target.poverty, as_of)
    age, reaches, last = _working_age(facts, params, as_of)
    reasons = [poor, age]
    if any(not r.met for r in reasons):
        only_age = [r.code for r in reasons if not r.met] == ["UNDER_WORKING_AGE"]
        return _refusal(reasons, eligible_from=reaches if only_age else None)
    subsidised = [t for t in _covering(facts.trainings, "VOCATIONAL", as_of) if t.subsidy_fen > 0]
    if subsidised:
        current = max(subsidised, key=lambda t: t.started_on)
        granted = Reason(
            "TRAINING_SUBSIDY_GRANTED",
            Text(
                f"参加职业技能培训“{current.course}”，获职业培训补贴 {current.subsidy_fen} 分。",
                f"In vocational training ({current.course}) with a training subsidy of "
                f"{current.subsidy_fen} fen.",
            ),
            met=True,
            facts=[current.fact()],
        )
        return Outcome(
            Status.GRANTED,
            [*reasons, granted],
            valid_from=current.started_on,
            valid_to=current.completed_on,
            amount=Amount(current.subsidy_fen, Period.ONE_TIME),
        )
    level = params.get("training_subsidy_fen", as_of)
    fen = _int(level)
    setter = level.set_by or "市县人力资源社会保障部门"
    subsidy = Reason(
        "TRAINING_SUBSIDY_LEVEL",
        Text(
            "参加职业技能培训可按规定享受职业培训补贴"
            + (f"，标准 {fen} 分。" if fen is not None else f"，标准由{setter}按规定确定。"),
            "Vocational training comes with the training subsidy as the rules provide"
            + (f": {fen} fen." if fen is not None else f"; the level is set by {setter}."),
        ),
        met=True,
        facts=[level.fact()],
    )
    return Outcome(
        Status.ELIGIBLE,
        [*reasons, subsidy],
        valid_to=last,
        amount=None if fen is None else Amount(fen, Period.ONE_TIME),
    )


# --- （四） degree upgrade for migrant workers -------------------------------------------


def degree_upgrade(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（四）“实施农民工‘求学圆梦行动’，启动农民工学历提升计划，帮助农民工接受继续教育，提高学历层次”
    — migrant workers (农民工: rural hukou, working in a city) are helped into continuing
    education towards a higher degree. Granted while enrolled in a degree-upgrade programme."""
    hukou = _rural_hukou(facts.target.hukou, as_of)
    working = [e for e in facts.employments if e.covers(as_of)]
    reasons = [hukou]
    eligible_from: date | None = None
    if working:
        reasons.append(
            Reason(
                "EMPLOYED_IN_CITY",
                Text("在城镇就业。", "Working in a city."),
                met=True,
                facts=[e.fact() for e in working],
            )
        )
    else:
        later = [e for e in facts.employments if e.started_on > as_of]
        eligible_from = min(e.started_on for e in later) if later else None
        reasons.append(
            Reason(
                "NOT_EMPLOYED_IN_CITY",
                Text(
                    f"{as_of.isoformat()} 没有在城镇就业的记录。",
                    f"No record of working in a city on {as_of.isoformat()}.",
                ),
                met=False,
                facts=[e.fact() for e in facts.employments],
            )
        )
    if any(not r.met for r in reasons):
        return _refusal(reasons, eligible_from=eligible_from if hukou.met else None)
    last_day = (
        None if any(e.ended_on is None for e in working) else max(e.ended_on for e in working if e.ended_on)
    )
    enrolled = _covering(facts.trainings, "DEGREE_UPGRADE", as_of)
    if enrolled:
        current = max(enrolled, key=lambda t: t.started_on)
        return Outcome(
            Status.GRANTED,
            [
                *reasons,
                Reason(
                    "ENROLLED_IN_DEGREE_UPGRADE",
                    Text(
                        f"参加学历提升计划“{current.course}”。",
                        f"Enrolled in a degree-upgrade programme ({current.course}).",
                    ),
                    met=True,
                    facts=[current.fact()],
                ),
            ],
            valid_from=current.started_on,
            valid_to=current.completed_on,
        )
    return Outcome(
        Status.ELIGIBLE,
        [
            *reasons,
            Reason(
                "MAY_ENROL_IN_DEGREE_UPGRADE",
                Text(
                    "可报名参加农民工学历提升计划（求学圆梦行动）。",
                    "May enrol in the degree-upgrade programme for migrant workers (求学圆梦行动).",
                ),
                met=True,
            ),
        ],
        valid_to=last_day,
    )


def _basis(clause: str, quote: str) -> LegalBasis:
    return LegalBasis(clause=clause, quote=quote)


RULES: list[Rule[RuleFacts]] = [
    Rule(
        "EMPLOYMENT_PUBLIC_SERVICES",
        DEPARTMENT,
        Text("免费公共就业服务（求职登记、职业指导、政策咨询）", "Free public employment services"),
        _basis("（三）", "免费为进城农村贫困人口提供求职登记、职业指导、政策咨询等服务"),
        public_services,
    ),
    Rule(
        "EMPLOYMENT_TRAINING_SUBSIDY",
        DEPARTMENT,
        Text("职业技能培训补贴", "Vocational skills training subsidy"),
        _basis(
            "（四）", "积极组织有就业能力和培训意愿的贫困劳动力参加职业技能培训，并按规定提供职业培训补贴"
        ),
        training_subsidy,
        parameters=(
            "working_age_min",
            "retirement_age_male",
            "retirement_age_female",
            "retirement_delay_from",
            "retirement_delay_step_months_male",
            "retirement_delay_step_months_female",
            "retirement_delay_max_months_male",
            "retirement_delay_max_months_female",
            "training_subsidy_fen",
        ),
    ),
    Rule(
        "EMPLOYMENT_DEGREE_UPGRADE",
        DEPARTMENT,
        Text("农民工学历提升（求学圆梦行动）", "Degree upgrade for migrant workers"),
        _basis("（四）", "启动农民工学历提升计划，帮助农民工接受继续教育"),
        degree_upgrade,
    ),
]
