"""Settlement's rules where the rule-test files cannot reach: a city that has set its
thresholds (the shipped parameters leave them null, as the policy does)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from servicekit.entitlements.cases import Case
from servicekit.entitlements.model import Status
from servicekit.entitlements.parameters import Parameters
from settlement.entitlements import PARAMETERS, facts_from_case
from settlement.entitlements.rules import hukou_priority

FACTS = {
    "born": "1975-04-02",
    "hukou": "RURAL",
    "poverty": [{"registered": "2016-05-01"}],
    "residence": [{"region": "350203", "from": "2018-06-01"}],
}


def with_thresholds(tmp_path: Path, residence: int, contribution: int) -> Parameters:
    text = PARAMETERS.read_text(encoding="utf-8")
    text = text.replace('"350200": null', f'"350200": {residence}', 1)
    head, _, tail = text.partition("contribution_years_required:")
    tail = tail.replace('"350200": null', f'"350200": {contribution}', 1)
    path = tmp_path / "parameters.yaml"
    path.write_text(head + "contribution_years_required:" + tail, encoding="utf-8")
    return Parameters.load("settlement", path)


def decide(params: Parameters, day: date) -> tuple[Status, list[str], date | None]:
    facts = facts_from_case(Case(name="x", as_of=day, facts=FACTS, expect={"X": {"status": "ELIGIBLE"}}))
    outcome = hukou_priority(facts, params, day)
    return outcome.status, [r.code for r in outcome.reasons], outcome.eligible_from


def test_too_few_years_in_a_city_that_set_them_says_when(tmp_path: Path) -> None:
    params = with_thresholds(tmp_path, residence=3, contribution=0)
    assert decide(params, date(2021, 5, 31)) == (
        Status.INELIGIBLE,
        ["TARGET_PERSON", "RESIDENCE_YEARS_SHORT"],
        date(2021, 6, 1),
    )
    assert decide(params, date(2021, 6, 1)) == (
        Status.ELIGIBLE,
        ["TARGET_PERSON", "RESIDENCE_YEARS_MET"],
        None,
    )


def test_contribution_years_are_social_securitys_fact(tmp_path: Path) -> None:
    params = with_thresholds(tmp_path, residence=2, contribution=2)
    facts = facts_from_case(
        Case(name="x", as_of=date(2021, 1, 1), facts=FACTS, expect={"X": {"status": "ELIGIBLE"}})
    )
    outcome = hukou_priority(facts, params, date(2021, 1, 1))
    assert outcome.status is Status.NEEDS_INFORMATION
    missing = [r.missing for r in outcome.reasons if r.missing is not None]
    assert [(m.fact, m.department) for m in missing] == [
        ("socialInsuranceContributionYears", "social-security")
    ]


def test_a_null_threshold_names_who_sets_it() -> None:
    from settlement.entitlements import BOOK

    facts = facts_from_case(
        Case(name="x", as_of=date(2021, 1, 1), facts=FACTS, expect={"X": {"status": "ELIGIBLE"}})
    )
    outcome = hukou_priority(facts, BOOK.parameters, date(2021, 1, 1))
    missing = [r.missing for r in outcome.reasons if r.missing is not None]
    assert [(m.fact, m.department) for m in missing] == [
        ("parameter.residence_years_required", "厦门市人民政府"),
        ("parameter.contribution_years_required", "厦门市人民政府"),
    ]
