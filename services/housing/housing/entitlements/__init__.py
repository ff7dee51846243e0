"""Housing's entitlements (clause （十二）; clause （十三） is a landlord's duty, recorded but
not an entitlement): the rule book, and a rule-test case's facts as the rules receive them
(tests/rules; docs/entitlements/housing.md)."""

from __future__ import annotations

from pathlib import Path

from housing.entitlements import rules
from housing.entitlements.cases import CASE_KEYS, HousingCase
from housing.entitlements.facts import DEPARTMENT, Application, Employment, RuleFacts
from servicekit.entitlements.cases import Case
from servicekit.entitlements.guides import load_guides
from servicekit.entitlements.model import Source
from servicekit.entitlements.parameters import Parameters
from servicekit.entitlements.rulebook import RuleBook
from servicekit.entitlements.target import EMPLOYMENT

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
    """A case's facts as housing's projections and records would hold them."""
    person = case.person
    own = HousingCase.of(case.facts)
    return RuleFacts(
        target=person.target_facts(),  # counts the case's employment as stays in a city
        employment=[
            Employment(
                id=f"case-employment-{i}",
                employer=e.employer,
                industry=e.industry,
                region=e.region,
                started_on=e.started_on,
                ended_on=e.ended_on,
                source=Source(EMPLOYMENT, record_id=f"case-employment-{i}", version=1),
            )
            for i, e in enumerate(person.employment)
        ],
        applications=[
            Application(
                id=f"case-housing-{i}",
                form=a.form,
                city_code=a.city,
                applied_on=a.applied,
                outcome=a.outcome,
                decided_on=a.decided,
                subsidy_fen=a.subsidy_fen,
                ended_on=a.ended,
                source=Source(DEPARTMENT, record_id=f"case-housing-{i}", version=1),
            )
            for i, a in enumerate(own.housing)
        ],
    )
