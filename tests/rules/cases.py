"""The rule-test files (tests/rules/*.yaml) and the departments whose rules they test.

A department with entitlements has a `<package>.entitlements` module exposing `BOOK` (its
RuleBook), `CASE_KEYS` (the fact keys of a case it reads besides the shared ones) and
`facts_from_case(case)` (a case's facts as its rules receive them).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from devstack.topology import Department, departments
from servicekit.entitlements.cases import Case, CaseFile, load_cases
from servicekit.entitlements.rulebook import RuleBook

FOLDER = Path(__file__).parent


@dataclass(frozen=True)
class Book:
    department: Department
    module: ModuleType

    @property
    def book(self) -> RuleBook[Any]:
        book: RuleBook[Any] = self.module.BOOK
        return book

    @property
    def case_keys(self) -> frozenset[str]:
        keys: frozenset[str] = self.module.CASE_KEYS
        return keys

    def facts(self, case: Case) -> Any:
        return self.module.facts_from_case(case)

    @property
    def codes(self) -> list[str]:
        return [rule.code for rule in self.book.rules]


def books() -> list[Book]:
    found = []
    for department in departments():
        try:
            module = importlib.import_module(f"{department.package}.entitlements")
        except ModuleNotFoundError as exc:
            if exc.name != f"{department.package}.entitlements":
                raise
            continue
        found.append(Book(department, module))
    return found


def case_files() -> list[tuple[Path, CaseFile]]:
    return load_cases(FOLDER)


def all_cases() -> list[tuple[str, Case]]:
    """(file name, case) for every case, in file order."""
    return [(path.name, case) for path, file in case_files() for case in file.cases]
