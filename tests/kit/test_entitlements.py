"""The kit's entitlement model: the target-person test, parameters, rule books."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from servicekit.entitlements.cases import PersonCase
from servicekit.entitlements.guides import GuideError, load_guides
from servicekit.entitlements.model import Guide, LegalBasis, Outcome, Rule, Status, Text
from servicekit.entitlements.parameters import ParameterError, Parameters
from servicekit.entitlements.rulebook import RuleBook, RuleBookError
from servicekit.entitlements.target import anniversary, target_person

ARRIVED = {"region": "350203", "from": "2018-06-01"}
TARGET = {"hukou": "RURAL", "poverty": [{"registered": "2016-05-01"}], "residence": [ARRIVED]}


def decide(facts: dict[str, object], day: date) -> tuple[Status, list[str], date | None]:
    result = target_person(PersonCase.model_validate(facts).target_facts(), day)
    return result.status, [r.code for r in result.reasons], result.eligible_from


def test_one_year_to_the_day_makes_a_target_person() -> None:
    assert decide(TARGET, date(2019, 6, 1)) == (Status.ELIGIBLE, ["TARGET_PERSON"], None)


def test_the_day_before_says_when_she_will_qualify() -> None:
    assert decide(TARGET, date(2019, 5, 31)) == (
        Status.INELIGIBLE,
        ["IN_CITY_LESS_THAN_ONE_YEAR"],
        date(2019, 6, 1),
    )


def test_poverty_lifted_yesterday_and_today() -> None:
    lifted = {**TARGET, "poverty": [{"registered": "2016-05-01", "lifted": "2020-03-01"}]}
    assert decide(lifted, date(2020, 2, 29))[0] is Status.ELIGIBLE
    assert decide(lifted, date(2020, 3, 1))[:2] == (Status.INELIGIBLE, ["POVERTY_LIFTED"])


def test_a_missing_hukou_needs_information_from_settlement() -> None:
    facts = {k: v for k, v in TARGET.items() if k != "hukou"}
    result = target_person(PersonCase.model_validate(facts).target_facts(), date(2020, 1, 1))
    assert result.status is Status.NEEDS_INFORMATION
    (reason,) = result.reasons
    assert reason.missing is not None and reason.missing.department == "settlement"


def test_an_urban_hukou_is_refused_even_with_other_facts_missing() -> None:
    assert decide({"hukou": "URBAN"}, date(2020, 1, 1))[:2] == (
        Status.INELIGIBLE,
        ["NOT_RURAL_HUKOU", "NOT_REGISTERED_POOR", "NOT_IN_CITY"],
    )


def test_touching_stays_in_two_districts_of_one_city_add_up() -> None:
    facts = {
        **TARGET,
        "residence": [
            {"region": "350203", "from": "2018-06-01", "to": "2018-12-31"},
            {"region": "350206", "from": "2019-01-01"},
        ],
    }
    assert decide(facts, date(2019, 6, 1))[0] is Status.ELIGIBLE
    gap = {**facts, "residence": [facts["residence"][0], {"region": "350206", "from": "2019-01-05"}]}  # type: ignore[index]
    assert decide(gap, date(2019, 6, 1))[2] == date(2020, 1, 5)


def test_working_in_the_city_counts_and_joins_living_there() -> None:
    worked = {**TARGET, "residence": [], "employment": [{"region": "350203", "from": "2018-06-01"}]}
    assert decide(worked, date(2019, 6, 1))[0] is Status.ELIGIBLE
    joined = {
        **TARGET,
        "residence": [{"region": "350206", "from": "2018-12-01"}],
        "employment": [{"region": "350203", "from": "2018-06-01", "to": "2018-12-15"}],
    }
    assert decide(joined, date(2019, 6, 1))[0] is Status.ELIGIBLE


def test_a_stay_that_ended_counts_no_more() -> None:
    ended = {**TARGET, "residence": [{**ARRIVED, "to": "2019-08-01"}]}
    assert decide(ended, date(2019, 8, 1))[0] is Status.ELIGIBLE
    assert decide(ended, date(2019, 8, 2))[:2] == (Status.INELIGIBLE, ["NOT_IN_CITY"])


def test_the_anniversary_of_a_leap_day_is_the_first_of_march() -> None:
    assert anniversary(date(2020, 2, 29), 1) == date(2021, 3, 1)


PARAMETERS = """
years:
  description: d
  unit: years
  values:
    - from: 2019-05-17
      by_region: {"350100": 3, "350128": 1}
      default: null
      set_by: the city government
      reference: {clause: （十四）, quote: 适当缩短缴纳社保和连续居住年限}
    - from: 2021-01-01
      value: 2
      reference: {clause: （十四）, quote: 适当缩短缴纳社保和连续居住年限}
"""


def test_parameters_are_dated_and_the_most_specific_region_wins(tmp_path: Path) -> None:
    path = tmp_path / "parameters.yaml"
    path.write_text(PARAMETERS, encoding="utf-8")
    params = Parameters.load("settlement", path)
    assert params.get("years", date(2019, 5, 16), "350102").in_force is False
    assert params.get("years", date(2019, 5, 17), "350102").value == 3
    assert params.get("years", date(2019, 5, 17), "350128").value == 1
    unset = params.get("years", date(2020, 12, 31), "350200")
    assert (unset.value, unset.set_by) == (None, "the city government")
    assert params.get("years", date(2021, 1, 1), "350200").value == 2
    assert params.get("years", date(2021, 1, 1)).fact().source.record_id == "years@2021-01-01"


def test_a_bad_parameter_file_names_the_file_and_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(PARAMETERS.replace("2021-01-01", "2019-01-01"), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"(?s)bad\.yaml.*in order"):
        Parameters.load("settlement", path)


def _never(facts: object, params: Parameters, as_of: date) -> Outcome:
    return Outcome(Status.INELIGIBLE, [])


RULE = Rule[object]("X_RULE", "settlement", Text("x", "x"), LegalBasis("（十四）", "q"), _never)
GUIDE = Guide(Text("w", "w"), [Text("b", "b")], Text("a", "a"))


def test_a_rule_book_refuses_rules_without_guides_and_foreign_codes(tmp_path: Path) -> None:
    params = Parameters("settlement", {})
    with pytest.raises(RuleBookError, match="X_RULE has no guide"):
        RuleBook("settlement", [RULE], params, {}, [])
    with pytest.raises(RuleBookError, match="X_RULE belongs to settlement"):
        RuleBook("housing", [RULE], params, {"X_RULE": GUIDE}, [])


def test_before_the_policy_every_rule_is_not_applicable_and_the_version_follows_the_files(
    tmp_path: Path,
) -> None:
    rules = tmp_path / "rules.py"
    rules.write_text("v1", encoding="utf-8")
    book = RuleBook("settlement", [RULE], Parameters("settlement", {}), {"X_RULE": GUIDE}, [rules])
    (early,) = book.evaluate(object(), date(2019, 5, 16))
    assert (early.status, early.reason_codes, early.eligible_from) == (
        Status.NOT_APPLICABLE,
        ["POLICY_NOT_IN_FORCE"],
        date(2019, 5, 17),
    )
    (later,) = book.evaluate(object(), date(2019, 5, 17))
    assert later.status is Status.INELIGIBLE and later.rules_version == book.version
    rules.write_text("v2", encoding="utf-8")
    again = RuleBook("settlement", [RULE], Parameters("settlement", {}), {"X_RULE": GUIDE}, [rules])
    assert again.version != book.version and again.version.startswith("settlement@")


def test_a_guide_needs_something_to_bring(tmp_path: Path) -> None:
    path = tmp_path / "guides.yaml"
    path.write_text("X: {who: {zh: a, en: a}, bring: [], where: {zh: b, en: b}}", encoding="utf-8")
    with pytest.raises(GuideError, match=r"guides\.yaml"):
        load_guides(path)
