"""A department's rule book: its rules, parameters and guides, and the version they make.

`rulesVersion` is derived from the files that decide (the department's rules module,
parameter and guide files, and the kit's target-person test and its parameters), so a
decision names the exact version that made it and two deployments with the same files
agree on it. Evaluation is pure; before the policy took effect every rule answers
NOT_APPLICABLE.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Generic, TypeVar

from opentelemetry import trace

from servicekit.entitlements import target
from servicekit.entitlements.model import POLICY, Decision, Guide, Outcome, Reason, Rule, Status, Text
from servicekit.entitlements.parameters import Parameters

F = TypeVar("F")

_tracer = trace.get_tracer("servicekit.entitlements")

# The kit's files every department's decisions also depend on.
_KIT_FILES = (Path(target.__file__), target.PARAMETERS.path or Path(target.__file__))

NOT_IN_FORCE = Reason(
    "POLICY_NOT_IN_FORCE",
    Text(
        f"{POLICY.document} 自 {POLICY.effective_from.isoformat()} 起施行。",
        f"{POLICY.document} applies from {POLICY.effective_from.isoformat()}.",
    ),
    met=False,
)


def rules_version(department: str, files: Sequence[Path]) -> str:
    """`<department>@<12 hex digits>`: a digest of the deciding files' bytes, in order of name."""
    digest = hashlib.sha256()
    for path in sorted(set(files), key=lambda p: (p.name, str(p))):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return f"{department}@{digest.hexdigest()[:12]}"


class RuleBookError(ValueError):
    """Rules, guides and codes that do not fit together (found at import, not in production)."""


class RuleBook(Generic[F]):
    def __init__(
        self,
        department: str,
        rules: Sequence[Rule[F]],
        parameters: Parameters,
        guides: dict[str, Guide],
        files: Sequence[Path],
    ) -> None:
        codes = [rule.code for rule in rules]
        problems = [f"code {c} is used twice" for c in sorted({c for c in codes if codes.count(c) > 1})]
        problems += [f"{r.code} belongs to {r.department}" for r in rules if r.department != department]
        problems += [f"{c} has no guide" for c in codes if c not in guides]
        problems += [f"guide {c} has no rule" for c in guides if c not in codes]
        problems += [
            f"{r.code} reads unknown parameter {name}"
            for r in rules
            for name in r.parameters
            if name not in parameters.names
        ]
        if problems:
            raise RuleBookError(f"{department}'s rule book: " + "; ".join(problems))
        self.department = department
        self.rules = list(rules)
        self.parameters = parameters
        self.guides = guides
        self.files = [*files, *_KIT_FILES]
        self.version = rules_version(department, self.files)

    def rule(self, code: str) -> Rule[F]:
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)

    def decide(self, rule: Rule[F], facts: F, as_of: date) -> Decision:
        if as_of < POLICY.effective_from:
            outcome = Outcome(Status.NOT_APPLICABLE, [NOT_IN_FORCE], eligible_from=POLICY.effective_from)
        else:
            outcome = rule.decide(facts, self.parameters, as_of)
        return Decision(
            code=rule.code,
            department=rule.department,
            title=rule.title,
            basis=rule.basis,
            status=outcome.status,
            reasons=outcome.reasons,
            as_of=as_of,
            rules_version=self.version,
            guide=self.guides.get(rule.code),
            valid_from=outcome.valid_from,
            valid_to=outcome.valid_to,
            eligible_from=outcome.eligible_from,
            amount=outcome.amount,
        )

    def evaluate(self, facts: F, as_of: date) -> list[Decision]:
        """Every rule on one person's facts, in the book's order, in one span."""
        with _tracer.start_as_current_span(
            "entitlements.evaluate",
            attributes={
                "fujian.entitlements.department": self.department,
                "fujian.entitlements.rules_version": self.version,
                "fujian.entitlements.codes": [rule.code for rule in self.rules],
                "fujian.entitlements.as_of": as_of.isoformat(),
            },
        ):
            return [self.decide(rule, facts, as_of) for rule in self.rules]
