"""Social security's entitlements (clauses （九）, （十）, （十一）): the rule book, and a rule-test
case's facts as the rules receive them (tests/rules; docs/entitlements/social-security.md)."""

from __future__ import annotations

from pathlib import Path

from servicekit.entitlements.cases import Case
from servicekit.entitlements.guides import load_guides
from servicekit.entitlements.model import Source
from servicekit.entitlements.parameters import Parameters
from servicekit.entitlements.rulebook import RuleBook
from social_security.entitlements import rules
from social_security.entitlements.cases import CASE_KEYS, SocialSecurityCase
from social_security.entitlements.facts import (
    DEPARTMENT,
    AssistanceGrant,
    Disability,
    Enrolment,
    RuleFacts,
    WorkInjury,
)

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

__all__ = ["BOOK", "CASE_KEYS", "RuleFacts", "facts_from_case"]


def facts_from_case(case: Case) -> RuleFacts:
    """A case's facts as social security's projections and records would hold them."""
    person = case.person
    own = SocialSecurityCase.of(case.facts)

    def source(kind: str, index: int) -> Source:
        return Source(DEPARTMENT, record_id=f"case-{kind}-{index}", version=1)

    enrolments = [
        Enrolment(
            id=f"case-insurance-{i}",
            scheme=e.scheme,
            started_on=e.started_on,
            ended_on=e.ended_on,
            end_reason=e.reason,
            employer=e.employer,
            project=e.project,
            worker_contributes=e.worker_contributes,
            premium_paid_by_government=e.government_pays,
            source=source("insurance", i),
        )
        for i, e in enumerate(own.insurance)
    ]
    injuries = []
    for i, injury in enumerate(own.injuries):
        under = own.injury_enrolment(injury)
        injuries.append(
            WorkInjury(
                id=f"case-injury-{i}",
                enrolment_id="" if under is None else enrolments[under].id,
                recognized_on=injury.recognized,
                source=source("injury", i),
            )
        )
    assistance = []
    for i, a in enumerate(own.assistance):
        days = [d for d in (a.ends_on, a.ended) if d is not None]
        assistance.append(
            AssistanceGrant(
                id=f"case-assistance-{i}",
                kind=a.kind,
                started_on=a.started_on,
                last_day=min(days) if days else None,
                amount_fen=a.amount_fen,
                period=a.period,
                source=source("assistance", i),
            )
        )
    return RuleFacts(
        target=person.target_facts(),
        birth_date=person.born,
        birth_source=Source("settlement"),
        enrolments=enrolments,
        injuries=injuries,
        assistance=assistance,
        disabilities=[
            Disability(
                id=f"case-disability-{i}",
                category=d.category,
                grade=d.grade,
                certified_on=d.certified,
                revoked_on=d.revoked,
                source=source("disability", i),
            )
            for i, d in enumerate(own.disability)
        ],
    )
