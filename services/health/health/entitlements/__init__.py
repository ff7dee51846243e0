"""Health's entitlements (clauses （七）, （八）): the rule book, and a rule-test case's facts
as the rules receive them (tests/rules; docs/entitlements/health.md)."""

from __future__ import annotations

from pathlib import Path

from health.entitlements import rules
from health.entitlements.cases import CASE_KEYS, HealthCase
from health.entitlements.facts import DEPARTMENT, Admission, Contract, Enrolment, RuleFacts, Settlement
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
    """A case's facts as health's projections and records would hold them."""
    own = HealthCase.of(case.facts)

    def source(kind: str, index: int) -> Source:
        return Source(DEPARTMENT, record_id=f"case-{kind}-{index}", version=1)

    admissions = [
        Admission(
            f"case-admission-{i}",
            a.hospital,
            a.county,
            a.designated,
            a.admitted,
            a.treat_first_pay_later,
            source("admission", i),
        )
        for i, a in enumerate(own.admissions)
    ]
    return RuleFacts(
        target=case.person.target_facts(),
        enrolments=[
            Enrolment(
                f"case-enrolment-{i}",
                e.year,
                e.city,
                e.premium_fen,
                e.government_fen,
                e.enrolled,
                tuple(dict.fromkeys(e.covers)),
                source("enrolment", i),
            )
            for i, e in enumerate(own.medical_insurance)
        ],
        contracts=[
            Contract(
                f"case-contract-{i}",
                c.clinic,
                c.signed,
                c.ends,
                c.fee_fen,
                c.subsidy_fen,
                tuple(dict.fromkeys(c.chronic)),
                source("contract", i),
            )
            for i, c in enumerate(own.family_doctor)
        ],
        admissions=admissions,
        settlements=[
            Settlement(
                f"case-settlement-{i}",
                admissions[i].id,
                a.settlement.settled,
                a.settlement.total_fen,
                a.settlement.reimbursed_fen,
                source("settlement", i),
            )
            for i, a in enumerate(own.admissions)
            if a.settlement is not None
        ],
    )
