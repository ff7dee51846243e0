"""The entitlement model in plain Python: what a rule decides and why.

Rules are pure functions from a department's facts, its parameters and a date to an
`Outcome`; `servicekit.entitlements.evaluate` turns an outcome into a `Decision` with the
rule's legal basis, its service guide and the rules version. Nothing here touches a
database or GraphQL: the same code runs in the YAML rule tests and behind the subgraphs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from servicekit.entitlements.parameters import Parameters


class Status(StrEnum):
    """A decision's answer. "Ineligible" and "eligible with amount 0" are different answers;
    "we do not know yet" is NEEDS_INFORMATION with the missing fact named."""

    ELIGIBLE = "ELIGIBLE"
    INELIGIBLE = "INELIGIBLE"
    NEEDS_INFORMATION = "NEEDS_INFORMATION"
    GRANTED = "GRANTED"
    NOT_APPLICABLE = "NOT_APPLICABLE"


class Period(StrEnum):
    ONE_TIME = "ONE_TIME"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"


@dataclass(frozen=True)
class Text:
    """A sentence in Chinese and English."""

    zh: str
    en: str


@dataclass(frozen=True)
class Policy:
    document: str
    title: str
    effective_from: date


# The one policy this suite implements; before `effective_from` every rule answers
# NOT_APPLICABLE (the document was signed and took effect on 2019-05-17).
POLICY = Policy(
    document="闽发改社会〔2019〕334号",
    title="关于进一步推动进城农村贫困人口优先享有基本公共服务并有序实现市民化的实施意见",
    effective_from=date(2019, 5, 17),
)


@dataclass(frozen=True)
class LegalBasis:
    clause: str  # as the document numbers it, e.g. "（十二）"
    quote: str  # one line of what the clause grants, in the document's words
    document: str = POLICY.document


@dataclass(frozen=True)
class Source:
    """Where a fact came from. For a fact the deciding department owns, its record and
    version; for a copy held in a projection, also the owner's event that carried it."""

    department: str
    record_id: str | None = None
    version: int | None = None
    event_id: str | None = None
    event_type: str | None = None
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class Fact:
    """A fact a decision used: its name, its value as text, and where it came from."""

    name: str
    value: str
    source: Source


@dataclass(frozen=True)
class Missing:
    """A fact a decision needed and did not have, and the department that records it."""

    fact: str
    department: str


@dataclass(frozen=True)
class Reason:
    """One condition of a rule, met or not, with the facts it was decided on."""

    code: str
    text: Text
    met: bool
    facts: Sequence[Fact] = ()
    missing: Missing | None = None


@dataclass(frozen=True)
class Amount:
    fen: int  # integer fen (分); 100 fen = 1 yuan
    period: Period


@dataclass(frozen=True)
class Guide:
    """The plain-language service guide of clause (十八): who, what to bring, where."""

    who: Text
    bring: Sequence[Text]
    where: Text


@dataclass(frozen=True)
class Outcome:
    """What a rule function returns."""

    status: Status
    reasons: Sequence[Reason]
    valid_from: date | None = None
    valid_to: date | None = None
    eligible_from: date | None = None  # a refusal's date from which the facts will qualify
    amount: Amount | None = None


F = TypeVar("F")


@dataclass(frozen=True)
class Rule(Generic[F]):
    """An entitlement rule: its stable code, title, legal basis and pure function."""

    code: str
    department: str
    title: Text
    basis: LegalBasis
    decide: Callable[[F, Parameters, date], Outcome] = field(repr=False)
    parameters: tuple[str, ...] = ()  # the department's parameters it reads (docs' clause table)


@dataclass(frozen=True)
class Decision:
    """A rule's outcome with everything a reader needs to check it."""

    code: str
    department: str
    title: Text
    basis: LegalBasis
    status: Status
    reasons: Sequence[Reason]
    as_of: date
    rules_version: str
    guide: Guide | None
    valid_from: date | None = None
    valid_to: date | None = None
    eligible_from: date | None = None
    amount: Amount | None = None

    @property
    def reason_codes(self) -> list[str]:
        return [reason.code for reason in self.reasons]
