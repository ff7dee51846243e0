"""Education's entitlements under 闽发改社会〔2019〕334号 clauses （五）, （六）, and its part of
（三） and （四）: one small pure function per entitlement, of the person's facts, the
department's parameters and the day. The poverty test is the kit's
(`servicekit.entitlements.target.poverty_reason`); the ages and amounts are in parameters.yaml.

Decisions documented in docs/entitlements/education.md:

- （五）: the parent's residence permit is the main basis (以居住证为主要依据); the parent need
  not be a target person — the clause brings target persons' children into the same
  permit-based policy that serves every migrant child. A "parent" is a HEAD, SPOUSE or
  PARENT member of a household where the child is a CHILD member on the day; the child
  accompanies them (随迁子女) when the child's own residence period is in the permit's city.
- "A poor household" (（四）, （六）, （三）): the person's own poverty registration, or that
  of another member of a household the person belongs to on the day.
- （三）'s graduate of the year: a higher-education graduate (HIGHER, POSTGRADUATE) whose
  graduation falls in the calendar year of the day asked about, from the graduation day to
  31 December (毕业年度).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from education.entitlements.facts import (
    DEPARTMENT,
    GUARDIAN_RELATIONS,
    Aid,
    Enrolment,
    Permit,
    RuleFacts,
    city_of,
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
from servicekit.entitlements.target import (
    SETTLEMENT,
    PovertyRegistration,
    anniversary,
    poverty_reason,
    registered_poor,
)

COMPULSORY = frozenset({"PRIMARY", "JUNIOR_SECONDARY"})
VOCATIONAL = frozenset({"VOCATIONAL", "TECHNICAL_SCHOOL"})
HIGHER_EDUCATION = frozenset({"HIGHER", "POSTGRADUATE"})

# --- shared pieces ---------------------------------------------------------------------


def _day_before(day: date) -> date:
    return day - timedelta(days=1)


def _earliest(*days: date | None) -> date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def _refusal(reasons: Sequence[Reason], eligible_from: date | None = None) -> Outcome:
    """INELIGIBLE with the unmet conditions; NEEDS_INFORMATION if each only lacks a fact."""
    unmet = [r for r in reasons if not r.met]
    status = Status.NEEDS_INFORMATION if all(r.missing is not None for r in unmet) else Status.INELIGIBLE
    return Outcome(status, unmet, eligible_from=eligible_from)


def _poverty_fact(registration: PovertyRegistration) -> Fact:
    lifted = f", lifted {registration.lifted_on.isoformat()}" if registration.lifted_on else ""
    return Fact(
        "povertyRegistration",
        f"{registration.household_number} registered {registration.registered_on.isoformat()}{lifted}",
        registration.source,
    )


def poor_household(facts: RuleFacts, day: date) -> Reason:
    """Registered poor on `day` (建档立卡): the person, or another member of a household the
    person belongs to that day (registered on or before it and not lifted by it)."""
    own = poverty_reason(facts.target.poverty, day)
    if own.met:
        return own
    for relative in facts.relatives_on(day):
        registration = registered_poor(relative.poverty, day)
        if registration is not None:
            return Reason(
                "HOUSEHOLD_REGISTERED_POOR",
                Text(
                    "家庭成员为建档立卡贫困人口（建档立卡贫困家庭）。",
                    "A member of the household is registered poor (建档立卡 household).",
                ),
                met=True,
                facts=[relative.membership.fact(), _poverty_fact(registration)],
            )
    if own.code == "POVERTY_LIFTED":
        return own
    return Reason(
        "NOT_FROM_POOR_HOUSEHOLD",
        Text(
            "本人及家庭成员均不是建档立卡贫困人口。",
            "Neither the person nor a member of their household is registered poor.",
        ),
        met=False,
        facts=[*own.facts, *(m.fact() for m in facts.households_on(day))],
    )


def _current(
    enrolments: Sequence[Enrolment], day: date, levels: frozenset[str] | None = None
) -> Enrolment | None:
    found = [e for e in enrolments if e.on(day) and (levels is None or e.level in levels)]
    return max(found, key=lambda e: e.started_on) if found else None


def _enrolled(enrolment: Enrolment) -> Reason:
    return Reason(
        "ENROLLED",
        Text(
            f"在读：{enrolment.school}（{enrolment.level}）。",
            f"Enrolled at {enrolment.school} ({enrolment.level}).",
        ),
        met=True,
        facts=[enrolment.fact()],
    )


def _aid_for(aid: Sequence[Aid], enrolment: Enrolment, kinds: frozenset[str], day: date) -> list[Aid]:
    return [a for a in aid if a.enrolment_id == enrolment.id and a.kind in kinds and a.granted_on <= day]


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


def _amount(value: ParameterValue) -> Amount | None:
    if isinstance(value.value, int) and not isinstance(value.value, bool):
        return Amount(value.value, Period.ONE_TIME)
    return None


def _int(value: ParameterValue, fallback: int) -> int:
    return value.value if isinstance(value.value, int) and not isinstance(value.value, bool) else fallback


# --- （五） compulsory schooling of accompanying children --------------------------------


def _person_unknown() -> Outcome:
    return Outcome(
        Status.NEEDS_INFORMATION,
        [
            Reason(
                "PERSON_UNKNOWN",
                Text(
                    "教育部门尚未收到户籍部门对此人的登记信息。",
                    "Education has not yet received settlement's registration of this person.",
                ),
                met=False,
                missing=Missing("person", SETTLEMENT),
            )
        ],
    )


def compulsory_schooling(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（五）“将进城农村贫困人口的随迁子女义务教育纳入当地教育发展规划和财政保障范畴，进一步健全以居住证为主要
    依据的随迁子女义务教育入学政策” — a child of compulsory-school age who lives with a parent
    holding a residence permit in a city has a place in a public school there, paid for by
    the local government (流入地人民政府负责为主、以城镇公办中小学为主)."""
    if facts.birth_date is None:
        return _person_unknown()
    entry = _int(params.get("compulsory_entry_age", as_of), 6)
    latest = _int(params.get("compulsory_latest_entry_age", as_of), 7)
    years = _int(params.get("compulsory_years", as_of), 9)
    age_facts = [
        facts.birth_fact(),
        params.get("compulsory_entry_age", as_of).fact(),
        params.get("compulsory_latest_entry_age", as_of).fact(),
        params.get("compulsory_years", as_of).fact(),
    ]
    starts = anniversary(facts.birth_date, entry)
    ends = anniversary(facts.birth_date, latest + years)  # the first day past school age
    schooling = _current(facts.enrolments, as_of, COMPULSORY)
    reasons: list[Reason] = []
    if schooling is not None:
        reasons.append(
            Reason(
                "IN_COMPULSORY_EDUCATION",
                Text(
                    f"正在接受义务教育（{schooling.grade}年级）。",
                    f"In compulsory education (grade {schooling.grade}).",
                ),
                met=True,
                facts=[schooling.fact()],
            )
        )
    elif as_of < starts:
        reasons.append(
            Reason(
                "UNDER_SCHOOL_AGE",
                Text(f"{starts.isoformat()} 年满{entry}周岁。", f"Reaches {entry} on {starts.isoformat()}."),
                met=False,
                facts=age_facts,
            )
        )
    elif as_of >= ends:
        reasons.append(
            Reason(
                "PAST_SCHOOL_AGE",
                Text(
                    "已超过义务教育年龄，且不在义务教育阶段就读。",
                    "Past compulsory-school age and not in compulsory education.",
                ),
                met=False,
                facts=age_facts,
            )
        )
    else:
        reasons.append(
            Reason(
                "COMPULSORY_SCHOOL_AGE",
                Text(
                    f"义务教育适龄儿童（年满{entry}周岁）。", f"Of compulsory-school age ({entry} or more)."
                ),
                met=True,
                facts=age_facts,
            )
        )

    as_child = [m for m in facts.households_on(as_of) if m.relation == "CHILD"]
    if not as_child:
        reasons.append(
            Reason(
                "NOT_A_CHILD_IN_HOUSEHOLD",
                Text(
                    "户籍部门没有此人作为子女的家庭户记录。",
                    "Settlement has no household with this person as a child.",
                ),
                met=False,
                facts=[m.fact() for m in facts.memberships],
                missing=Missing("household", SETTLEMENT),
            )
        )
        return _refusal(reasons)
    parents = [
        r for r in facts.relatives_on(as_of, as_child=True) if r.membership.relation in GUARDIAN_RELATIONS
    ]
    if not parents:
        reasons.append(
            Reason(
                "NO_PARENT_IN_HOUSEHOLD",
                Text("家庭户中没有父母或其他监护人。", "No parent or guardian in the household."),
                met=False,
                facts=[m.fact() for m in as_child],
                missing=Missing("household", SETTLEMENT),
            )
        )
        return _refusal(reasons)
    permits: list[tuple[Permit, object]] = [
        (p, parent) for parent in parents for p in parent.permits if p.valid_on(as_of)
    ]
    if not permits:
        reasons.append(
            Reason(
                "PARENT_HAS_NO_PERMIT",
                Text(
                    f"{as_of.isoformat()} 父母均未持有有效居住证。",
                    f"No parent holds a valid residence permit on {as_of.isoformat()}.",
                ),
                met=False,
                facts=[
                    *(r.membership.fact() for r in parents),
                    *(p.fact() for r in parents for p in r.permits),
                ],
                missing=Missing("residencePermit", SETTLEMENT),
            )
        )
        unmet = [r for r in reasons if not r.met]
        # Not a fact still to come: without a permit the child is not in this policy.
        return Outcome(Status.INELIGIBLE, unmet)

    living = [
        s for s in facts.residence if s.started_on <= as_of and (s.ended_on is None or s.ended_on >= as_of)
    ]
    matched = [(p, s) for p, _ in permits for s in living if city_of(s.region) == city_of(p.city)]
    permit = matched[0][0] if matched else permits[0][0]
    reasons.append(
        Reason(
            "PARENT_HOLDS_PERMIT",
            Text(
                f"父母持有 {permit.city} 的有效居住证（有效期至 {permit.valid_until.isoformat()}）。",
                f"A parent holds a residence permit for {permit.city} "
                f"valid until {permit.valid_until.isoformat()}.",
            ),
            met=True,
            facts=[permit.fact()],
        )
    )
    stay_end: date | None = None
    if matched:
        stay = matched[0][1]
        stay_end = stay.ended_on
        reasons.append(
            Reason(
                "ACCOMPANYING_CHILD",
                Text(
                    "随迁子女：与持证父母居住在同一城市。",
                    "An accompanying child (随迁子女) living in the permit's city.",
                ),
                met=True,
                facts=[
                    Fact("residencePeriod", f"{stay.region} from {stay.started_on.isoformat()}", stay.source)
                ],
            )
        )
    elif living:
        reasons.append(
            Reason(
                "CHILD_LIVES_ELSEWHERE",
                Text(
                    "子女不居住在父母持居住证的城市。",
                    "The child does not live in the city of the parent's permit.",
                ),
                met=False,
                facts=[
                    Fact("residencePeriod", f"{s.region} from {s.started_on.isoformat()}", s.source)
                    for s in living
                ],
            )
        )
    else:
        reasons.append(
            Reason(
                "CHILD_RESIDENCE_UNKNOWN",
                Text("没有子女在城镇居住的记录。", "No record of where the child lives in a city."),
                met=False,
                missing=Missing("residencePeriod", SETTLEMENT),
            )
        )
    if any(not r.met for r in reasons):
        only_age = [r.code for r in reasons if not r.met] == ["UNDER_SCHOOL_AGE"]
        return _refusal(reasons, eligible_from=starts if only_age else None)

    city = city_of(permit.city)
    valid_to = _earliest(permit.valid_until, stay_end, _day_before(ends) if schooling is None else None)
    if schooling is not None and schooling.public_school and city_of(schooling.city) == city:
        return Outcome(
            Status.GRANTED,
            [
                *reasons,
                Reason(
                    "ENROLLED_IN_PUBLIC_SCHOOL",
                    Text(
                        f"已在 {schooling.city} 公办学校就读。",
                        f"Enrolled in a public school in {schooling.city}.",
                    ),
                    met=True,
                    facts=[schooling.fact()],
                ),
            ],
            valid_from=schooling.started_on,
            valid_to=_earliest(valid_to, schooling.ended_on),
        )
    return Outcome(
        Status.ELIGIBLE,
        [
            *reasons,
            Reason(
                "PUBLIC_SCHOOL_PLACE",
                Text(
                    f"可在 {city} 申请公办中小学学位，由流入地人民政府负责保障。",
                    f"May apply for a public school place in {city}; "
                    "the local government is responsible and pays.",
                ),
                met=True,
            ),
        ],
        valid_to=valid_to,
    )


# --- （六） student aid and technical schools ---------------------------------------------

_STUDY_AID = frozenset({"TUITION_WAIVER", "NATIONAL_GRANT", "RAIN_AND_DEW", "OTHER"})


def student_aid(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（六）“健全从学前教育到研究生教育全覆盖的学生资助体系……完善建档立卡等家庭经济困难学生信息比对平台”
    — a student at any level, from preschool to postgraduate, from a registered poor household
    is aided."""
    enrolment = _current(facts.enrolments, as_of)
    poor = poor_household(facts, as_of)
    if enrolment is None:
        enrolled = Reason(
            "NOT_ENROLLED",
            Text(
                f"{as_of.isoformat()} 没有在读记录。", f"Not enrolled in any school on {as_of.isoformat()}."
            ),
            met=False,
            facts=[e.fact() for e in facts.enrolments],
        )
        return _refusal([enrolled, poor])
    reasons = [_enrolled(enrolment), poor]
    if not poor.met:
        return _refusal(reasons)
    granted = _aid_for(facts.aid, enrolment, _STUDY_AID, as_of)
    if granted:
        return Outcome(
            Status.GRANTED,
            [
                *reasons,
                Reason(
                    "STUDENT_AID_GRANTED",
                    Text("本学段已获学生资助。", "Student aid has been granted for this enrolment."),
                    met=True,
                    facts=[a.fact() for a in granted],
                ),
            ],
            valid_from=enrolment.started_on,
            valid_to=enrolment.ended_on,
        )
    return Outcome(Status.ELIGIBLE, reasons, valid_to=enrolment.ended_on)


def technical_school_waiver(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（六）“就读技工院校的贫困家庭学生按规定享受免学费和国家助学金政策”
    — students of technical schools from poor households study tuition-free and receive the
    national grant."""
    enrolment = _current(facts.enrolments, as_of, frozenset({"TECHNICAL_SCHOOL"}))
    poor = poor_household(facts, as_of)
    if enrolment is None:
        other = _current(facts.enrolments, as_of)
        school = Reason(
            "NOT_IN_TECHNICAL_SCHOOL",
            Text("不在技工院校就读。", "Not enrolled in a technical school (技工院校)."),
            met=False,
            facts=[] if other is None else [other.fact()],
        )
        return _refusal([school, poor])
    reasons = [_enrolled(enrolment), poor]
    if not poor.met:
        return _refusal(reasons)
    waived = _aid_for(facts.aid, enrolment, frozenset({"TUITION_WAIVER"}), as_of)
    grant = _aid_for(facts.aid, enrolment, frozenset({"NATIONAL_GRANT"}), as_of)
    if waived:
        reasons.append(
            Reason(
                "TUITION_WAIVED",
                Text("已免学费。", "Tuition waived."),
                met=True,
                facts=[a.fact() for a in waived],
            )
        )
    if grant:
        reasons.append(
            Reason(
                "NATIONAL_GRANT_AWARDED",
                Text("已获国家助学金。", "National grant awarded."),
                met=True,
                facts=[a.fact() for a in grant],
            )
        )
    if waived and grant:
        return Outcome(Status.GRANTED, reasons, valid_from=enrolment.started_on, valid_to=enrolment.ended_on)
    return Outcome(Status.ELIGIBLE, reasons, valid_to=enrolment.ended_on)


# --- （四） Rain-and-Dew ------------------------------------------------------------------


def rain_and_dew(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（四）“推进实施‘雨露计划’，对建档立卡贫困家庭子女接受职业教育的，给予扶贫助学补助”
    — children of registered poor households in vocational education (中职, 高职, 技工院校)
    receive the Rain-and-Dew poverty-relief study subsidy."""
    enrolment = _current(facts.enrolments, as_of, VOCATIONAL)
    poor = poor_household(facts, as_of)
    if enrolment is None:
        other = _current(facts.enrolments, as_of)
        school = Reason(
            "NOT_IN_VOCATIONAL_EDUCATION",
            Text(
                "未接受职业教育（中职、高职或技工院校）。",
                "Not in vocational education (secondary, higher or technical school).",
            ),
            met=False,
            facts=[] if other is None else [other.fact()],
        )
        return _refusal([school, poor])
    reasons = [_enrolled(enrolment), poor]
    if not poor.met:
        return _refusal(reasons)
    granted = _aid_for(facts.aid, enrolment, frozenset({"RAIN_AND_DEW"}), as_of)
    if granted:
        latest = max(granted, key=lambda a: a.granted_on)
        return Outcome(
            Status.GRANTED,
            [
                *reasons,
                Reason(
                    "RAIN_AND_DEW_GRANTED",
                    Text("已获雨露计划扶贫助学补助。", "The Rain-and-Dew subsidy has been granted."),
                    met=True,
                    facts=[a.fact() for a in granted],
                ),
            ],
            valid_from=enrolment.started_on,
            valid_to=enrolment.ended_on,
            amount=Amount(latest.amount_fen, Period.ONE_TIME),
        )
    level = params.get("rain_and_dew_subsidy_fen", as_of)
    return Outcome(
        Status.ELIGIBLE,
        [
            *reasons,
            _level_reason(level, "SUBSIDY_LEVEL", Text("雨露计划扶贫助学补助", "The Rain-and-Dew subsidy.")),
        ],
        valid_to=enrolment.ended_on,
        amount=_amount(level),
    )


# --- （三） graduates in hardship -----------------------------------------------------------


def _hardship(facts: RuleFacts, day: date) -> list[Reason]:
    """What makes a graduate one in hardship on `day` (困难毕业生): a dibao household, a
    disability, a registered poor household. Met reasons only; empty when none holds."""
    found: list[Reason] = []
    own = [d for d in facts.dibao if d.covers(day)]
    household = [(r, d) for r in facts.relatives_on(day) for d in r.dibao if d.covers(day)]
    if own or household:
        found.append(
            Reason(
                "DIBAO_HOUSEHOLD",
                Text("城乡居民最低生活保障家庭。", "From a household receiving dibao (最低生活保障)."),
                met=True,
                facts=[
                    *(d.fact() for d in own),
                    *(f for r, d in household for f in (r.membership.fact(), d.fact())),
                ],
            )
        )
    disabled = [d for d in facts.disabilities if d.valid_on(day)]
    if disabled:
        found.append(
            Reason(
                "DISABLED",
                Text("残疾毕业生。", "A graduate with a disability."),
                met=True,
                facts=[d.fact() for d in disabled],
            )
        )
    poor = poor_household(facts, day)
    if poor.met:
        found.append(poor)
    return found


def graduate_job_seeking_subsidy(facts: RuleFacts, params: Parameters, as_of: date) -> Outcome:
    """（三）“建立困难高校毕业生就业帮扶机制，对城乡居民最低生活保障家庭毕业生、残疾毕业生等困难毕业生按标准给予
    一次性求职创业补贴” — higher-education graduates of the year from dibao households, with a
    disability, or otherwise in hardship (here: registered poor households) receive a one-time
    job-seeking and start-up subsidy."""
    paid = [a for a in facts.aid if a.kind == "GRADUATE_JOB_SEEKING" and a.granted_on <= as_of]
    if paid:
        latest = max(paid, key=lambda a: a.granted_on)
        return Outcome(
            Status.GRANTED,
            [
                Reason(
                    "JOB_SEEKING_SUBSIDY_GRANTED",
                    Text("已获一次性求职创业补贴。", "The one-time job-seeking subsidy has been granted."),
                    met=True,
                    facts=[latest.fact()],
                )
            ],
            valid_from=latest.granted_on,
            amount=Amount(latest.amount_fen, Period.ONE_TIME),
        )
    graduated = [g for g in facts.graduations if g.level in HIGHER_EDUCATION and g.graduated_on <= as_of]
    of_the_year = [g for g in graduated if g.year == as_of.year]
    hardship = _hardship(facts, as_of)
    reasons: list[Reason] = []
    if of_the_year:
        graduation = max(of_the_year, key=lambda g: g.graduated_on)
        reasons.append(
            Reason(
                "GRADUATE_OF_THE_YEAR",
                Text(
                    f"{graduation.year}年度高校毕业生。", f"A higher-education graduate of {graduation.year}."
                ),
                met=True,
                facts=[graduation.fact()],
            )
        )
    elif graduated:
        reasons.append(
            Reason(
                "NOT_GRADUATE_OF_THE_YEAR",
                Text(f"不是{as_of.year}年度毕业生。", f"Not a graduate of {as_of.year}."),
                met=False,
                facts=[g.fact() for g in graduated],
            )
        )
    else:
        reasons.append(
            Reason(
                "NOT_A_GRADUATE",
                Text("没有高校毕业记录。", "No graduation from higher education."),
                met=False,
                facts=[g.fact() for g in facts.graduations],
            )
        )
    if hardship:
        reasons.extend(hardship)
    else:
        reasons.append(
            Reason(
                "NOT_IN_HARDSHIP",
                Text(
                    "不是低保家庭、残疾或建档立卡贫困家庭毕业生。",
                    "Not from a dibao or registered poor household, and no disability recorded.",
                ),
                met=False,
            )
        )
    if any(not r.met for r in reasons):
        return _refusal(reasons)
    graduation = max(of_the_year, key=lambda g: g.graduated_on)
    level = params.get("graduate_job_seeking_subsidy_fen", as_of)
    return Outcome(
        Status.ELIGIBLE,
        [
            *reasons,
            _level_reason(
                level, "SUBSIDY_LEVEL", Text("一次性求职创业补贴", "The one-time job-seeking subsidy.")
            ),
        ],
        valid_from=graduation.graduated_on,
        valid_to=date(graduation.year, 12, 31),
        amount=_amount(level),
    )


# --- the rules --------------------------------------------------------------------------


def _basis(clause: str, quote: str) -> LegalBasis:
    return LegalBasis(clause=clause, quote=quote)


RULES: list[Rule[RuleFacts]] = [
    Rule(
        "EDUCATION_COMPULSORY_SCHOOLING",
        DEPARTMENT,
        Text(
            "随迁子女义务教育（公办学校学位）",
            "Compulsory schooling of an accompanying child in a public school",
        ),
        _basis("（五）", "进一步健全以居住证为主要依据的随迁子女义务教育入学政策"),
        compulsory_schooling,
        parameters=("compulsory_entry_age", "compulsory_latest_entry_age", "compulsory_years"),
    ),
    Rule(
        "EDUCATION_STUDENT_AID",
        DEPARTMENT,
        Text("家庭经济困难学生资助", "Student aid for students from poor households"),
        _basis("（六）", "健全从学前教育到研究生教育全覆盖的学生资助体系"),
        student_aid,
    ),
    Rule(
        "EDUCATION_TECHNICAL_SCHOOL_WAIVER",
        DEPARTMENT,
        Text("技工院校免学费和国家助学金", "Technical school tuition waiver and national grant"),
        _basis("（六）", "就读技工院校的贫困家庭学生按规定享受免学费和国家助学金政策"),
        technical_school_waiver,
    ),
    Rule(
        "EDUCATION_RAIN_AND_DEW_SUBSIDY",
        DEPARTMENT,
        Text("雨露计划扶贫助学补助", "Rain-and-Dew poverty-relief study subsidy"),
        _basis("（四）", "推进实施“雨露计划”，对建档立卡贫困家庭子女接受职业教育的，给予扶贫助学补助"),
        rain_and_dew,
        parameters=("rain_and_dew_subsidy_fen",),
    ),
    Rule(
        "EDUCATION_GRADUATE_JOB_SEEKING_SUBSIDY",
        DEPARTMENT,
        Text("困难毕业生一次性求职创业补贴", "One-time job-seeking subsidy for graduates in hardship"),
        _basis(
            "（三）",
            "对城乡居民最低生活保障家庭毕业生、残疾毕业生等困难毕业生按标准给予一次性求职创业补贴",
        ),
        graduate_job_seeking_subsidy,
        parameters=("graduate_job_seeking_subsidy_fen",),
    ),
]
