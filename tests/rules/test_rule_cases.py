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
