"""Education's entitlements (clauses （五）, （六）, and its part of （三） and （四）): the rule
book, and a rule-test case's facts as the rules receive them (tests/rules;
docs/entitlements/education.md)."""

from __future__ import annotations

from pathlib import Path

from education.entitlements import rules
from education.entitlements.cases import CASE_KEYS, EducationCase, SharedCase
from education.entitlements.facts import (
    DEPARTMENT,
    Aid,
    Dibao,
    Disability,
    Enrolment,
    Graduation,
    Membership,
    Permit,
    Relative,
    RuleFacts,
)
from servicekit.entitlements.cases import Case
from servicekit.entitlements.guides import load_guides
from servicekit.entitlements.model import Source
from servicekit.entitlements.parameters import Parameters
from servicekit.entitlements.rulebook import RuleBook
from servicekit.entitlements.target import SETTLEMENT, SOCIAL_SECURITY, PovertyRegistration

HERE = Path(__file__).parent
PARAMETERS = HERE / "parameters.yaml"
GUIDES = HERE / "guides.yaml"

BOOK: RuleBook[RuleFacts] = RuleBook(
    DEPARTMENT,
    rules.RULES,
    Parameters.load(DEPARTMENT, PARAMETERS),
    load_guides(GUIDES),
    files=[Path(rules.__file__), HERE / "facts.py", PARAMETERS, GUIDES],
)

# The case person's id, and the household's, in a rule test.
CASE_PERSON = "case-person"
CASE_HOUSEHOLD = "household-0"

__all__ = ["BOOK", "CASE_KEYS", "RuleFacts", "facts_from_case"]


def facts_from_case(case: Case) -> RuleFacts:
    """A case's facts as education's projections and records would hold them."""
    person = case.person
    own = EducationCase.of(case.facts)
    shared = SharedCase.model_validate(case.facts)

    def source(kind: str, index: int, department: str = DEPARTMENT) -> Source:
        return Source(department, record_id=f"case-{kind}-{index}", version=1)

    memberships: list[Membership] = []
    relatives: list[Relative] = []
    if own.family is not None:
        f = own.family
        assert f.joined is not None
        memberships.append(
            Membership(
                CASE_HOUSEHOLD, CASE_PERSON, "CHILD", f.joined, f.left, source("member", 0, SETTLEMENT)
            )
        )
        for i, p in enumerate(f.parents):
            assert p.relation is not None and p.joined is not None
            parent_id = f"parent-{i}"
            relatives.append(
                Relative(
                    Membership(
                        CASE_HOUSEHOLD,
                        parent_id,
                        p.relation,
                        p.joined,
                        p.left,
                        source("parent", i, SETTLEMENT),
                    ),
                    permits=[
                        Permit(
                            f"{parent_id}-permit-{j}",
                            q.city,
                            q.issued,
                            q.valid_until,
                            q.revoked,
                            source(f"{parent_id}-permit", j, SETTLEMENT),
                        )
                        for j, q in enumerate(p.permits)
                    ],
                    poverty=[
                        PovertyRegistration(
                            r.household,
                            r.registered,
                            r.lifted,
                            source(f"{parent_id}-poverty", j, SOCIAL_SECURITY),
                        )
                        for j, r in enumerate(p.poverty)
                    ],
                    dibao=[
                        Dibao(
                            f"{parent_id}-dibao-{j}",
                            d.started_on,
                            d.ends_on,
                            source(f"{parent_id}-dibao", j, SOCIAL_SECURITY),
                        )
                        for j, d in enumerate(p.dibao)
                    ],
                )
            )
    enrolments = [
        Enrolment(
            f"case-enrolment-{i}",
            e.level,
            e.grade,
            e.school,
            e.city,
            e.public,
            e.started_on,
            e.ended_on,
            e.reason,
            source("enrolment", i),
        )
        for i, e in enumerate(own.enrolments)
    ]
    dibao = []
    for i, a in enumerate(shared.assistance):
        if a.kind == "DIBAO":
            days = [d for d in (a.ends_on, a.ended) if d is not None]
            dibao.append(
                Dibao(
                    f"case-dibao-{i}",
                    a.started_on,
                    min(days) if days else None,
                    source("dibao", i, SOCIAL_SECURITY),
                )
            )
    return RuleFacts(
        target=person.target_facts(),
        birth_date=person.born,
        birth_source=Source(SETTLEMENT),
        memberships=memberships,
        relatives=relatives,
        dibao=dibao,
        disabilities=[
            Disability(
                f"case-disability-{i}", d.certified, d.revoked, source("disability", i, SOCIAL_SECURITY)
            )
            for i, d in enumerate(shared.disability)
        ],
        enrolments=enrolments,
        graduations=[
            Graduation(f"case-graduation-{i}", enrolments[i].id, e.level, e.ended_on, source("graduation", i))
            for i, e in enumerate(own.enrolments)
            if e.reason == "GRADUATED" and e.ended_on is not None
        ],
        aid=[
            Aid(
                f"case-aid-{i}", enrolments[a.enrolment].id, a.kind, a.amount_fen, a.granted, source("aid", i)
            )
            for i, a in enumerate(own.aid)
        ],
    )
