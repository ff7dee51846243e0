"""就业 Employment's entitlements (clauses （三）, （四）): the rule book, and a rule-test case's
facts as the rules receive them (tests/rules; docs/entitlements/employment.md)."""

from __future__ import annotations

from pathlib import Path

from employment.entitlements import rules
from employment.entitlements.cases import CASE_KEYS, EmploymentCase
from employment.entitlements.facts import (
    DEPARTMENT,
    Employment,
    JobSeekerRegistration,
    RuleFacts,
    Training,
)
from servicekit.entitlements.cases import Case
from servicekit.entitlements.guides import load_guides
from servicekit.entitlements.model import Source
from servicekit.entitlements.parameters import Parameters
from servicekit.entitlements.rulebook import RuleBook

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
    """A case's facts as employment's records and projections would hold them: the shared
    `employment` key is employment's own records."""
    person = case.person
    own = EmploymentCase.of(case.facts)

    def source(kind: str, index: int) -> Source:
        return Source(DEPARTMENT, record_id=f"case-{kind}-{index}", version=1)

    return RuleFacts(
        target=person.target_facts(),
        birth_date=person.born,
        sex=person.sex,
        birth_source=Source("settlement"),
        employments=[
            Employment(
                id=f"case-employment-{i}",
                employer=e.employer,
                industry=e.industry,
                region=e.region,
                started_on=e.started_on,
                ended_on=e.ended_on,
                source=source("employment", i),
            )
            for i, e in enumerate(person.employment)
        ],
        registrations=[
            JobSeekerRegistration(
                f"case-job-seeker-{i}", r.region, r.registered_on, r.closed_on, source("job-seeker", i)
            )
            for i, r in enumerate(own.job_seeker)
        ],
        trainings=[
            Training(
                id=f"case-training-{i}",
                kind=t.kind,
                course=t.course,
                region=t.region,
                started_on=t.started_on,
                completed_on=t.completed_on,
                subsidy_fen=t.subsidy_fen,
                source=source("training", i),
            )
            for i, t in enumerate(own.training)
        ],
    )
