"""Every rule-test case (tests/rules/*.yaml) against the pure rules: the facts as of the
case's date through each department's rule book, compared with what the case expects.
The same files run end to end through the gateway in tests/e2e/test_rule_cases.py."""

from __future__ import annotations

import pytest

from servicekit.entitlements.cases import COMMON_KEYS, Answer, Case, unmatched_keys
from tests.rules.cases import all_cases, books, case_files

CASES = all_cases()
BOOKS = books()
OWNER = {code: book for book in BOOKS for code in book.codes}


@pytest.mark.parametrize(("file", "case"), CASES, ids=[f"{f}: {c.name}" for f, c in CASES])
def test_case(file: str, case: Case) -> None:
    unknown = [code for code in case.expect if code not in OWNER]
    assert not unknown, f"no department has the entitlement codes {unknown}"
    known = set(COMMON_KEYS).union(*(book.case_keys for book in BOOKS))
    assert not unmatched_keys(case, sorted(known)), (
        f"no department reads the facts {unmatched_keys(case, sorted(known))}"
    )
    failures = []
    for code, expectation in case.expect.items():
        book = OWNER[code]
        decision = book.book.decide(book.book.rule(code), book.facts(case), case.as_of)
        failures += [f"{code}: {problem}" for problem in expectation.mismatches(Answer.of(decision))]
    assert not failures, "\n".join(failures)


def test_every_entitlement_has_rule_cases() -> None:
    tested = {code for _, file in case_files() for case in file.cases for code in case.expect}
    untested = sorted(set(OWNER) - tested)
    assert not untested, f"entitlements without a case in tests/rules/: {untested}"


def test_each_file_holds_one_clause_and_names_it() -> None:
    for path, file in case_files():
        for case in file.cases:
            for code in case.expect:
                if code in OWNER:
                    clause = OWNER[code].book.rule(code).basis.clause
                    assert clause == file.clause or path.name.startswith("target-"), (
                        f"{path.name} is for {file.clause}; {code} cites {clause}"
                    )


def test_every_clause_a_department_delivers_has_an_entitlement_and_a_page() -> None:
    from devstack.clause_table import NOT_PER_PERSON
    from devstack.topology import ROOT

    for book in BOOKS:
        cited = {rule.basis.clause.strip("（）") for rule in book.book.rules}
        missing = [c for c in book.department.clauses if c not in cited and c not in NOT_PER_PERSON]
        assert not missing, f"{book.department.name} delivers clauses {missing} but no rule cites them"
        page = ROOT / "docs" / "entitlements" / f"{book.department.name}.md"
        assert page.exists(), f"{page.relative_to(ROOT)} should explain {book.department.name}'s rules"
        text = page.read_text(encoding="utf-8")
        assert not [c for c in book.codes if c not in text], f"{page.name} does not mention every code"
