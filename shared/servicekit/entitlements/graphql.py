"""The Entitlement GraphQL type, declared once and @shareable: every subgraph returns
the same type, so the supergraph has exactly one and a frontend reads every department's
decisions the same way."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import strawberry

from servicekit.entitlements import model


@strawberry.enum(description="A decision's answer.")
class EntitlementStatus(Enum):
    ELIGIBLE = strawberry.enum_value("ELIGIBLE", description="The person qualifies; apply as the guide says.")
    INELIGIBLE = strawberry.enum_value(
        "INELIGIBLE", description="The person does not qualify; `reasons` say why."
    )
    NEEDS_INFORMATION = strawberry.enum_value(
        "NEEDS_INFORMATION", description="A fact is missing; `reasons` name it and who records it."
    )
    GRANTED = strawberry.enum_value("GRANTED", description="The service is being provided.")
    NOT_APPLICABLE = strawberry.enum_value(
        "NOT_APPLICABLE", description="The rule does not apply on this date (e.g. before the policy)."
    )


@strawberry.enum(description="How often an amount is paid.")
class AmountPeriod(Enum):
    ONE_TIME = "ONE_TIME"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"


@strawberry.federation.type(description="A sentence in Chinese and English.", shareable=True)
class LocalizedText:
    zh: str
    en: str

    @classmethod
    def of(cls, text: model.Text) -> LocalizedText:
        return cls(zh=text.zh, en=text.en)


@strawberry.federation.type(description="The policy and clause a decision rests on.", shareable=True)
class LegalBasis:
    document: str = strawberry.field(description="e.g. 闽发改社会〔2019〕334号.")
    clause: str = strawberry.field(description="As the document numbers it, e.g. （十二）.")
    quote: str = strawberry.field(description="What the clause grants, in the document's words.")


@strawberry.federation.type(
    description="A fact a decision used, with where it came from: the deciding department's own "
    "record, or the owner's event that a projection copied (clause 十九).",
    shareable=True,
)
class FactUsed:
    name: str
    value: str
    department: str = strawberry.field(description="The department that owns the fact.")
    record_id: str | None = strawberry.field(description="The owner's record (or parameter entry).")
    version: int | None = strawberry.field(description="The record's version at its owner.")
    event_id: str | None = strawberry.field(
        description="The event that carried the copy; null for own records."
    )
    event_type: str | None
    occurred_at: datetime | None


@strawberry.federation.type(description="A fact a decision needed and did not have.", shareable=True)
class MissingFact:
    fact: str
    department: str = strawberry.field(description="The department that records it.")


@strawberry.federation.type(
    description="One condition of a rule, met or not, and the facts used.", shareable=True
)
class EntitlementReason:
    code: str = strawberry.field(description="Stable machine code, e.g. IN_CITY_LESS_THAN_ONE_YEAR.")
    message: LocalizedText
    met: bool = strawberry.field(description="Whether this condition is met.")
    facts: list[FactUsed]
    missing: MissingFact | None = strawberry.field(description="The fact that would decide this condition.")


@strawberry.federation.type(description="An amount of money in integer fen (分).", shareable=True)
class Money:
    fen: int = strawberry.field(description="100 fen = 1 yuan.")
    currency: str
    period: AmountPeriod


@strawberry.federation.type(
    description="How to claim the service (clause 十八): who qualifies, what to bring, where.", shareable=True
)
class ServiceGuide:
    who: LocalizedText
    bring: list[LocalizedText]
    where: LocalizedText


@strawberry.federation.type(
    description="What a person is entitled to under one clause of 闽发改社会〔2019〕334号, "
    "as of a date, with the reasons, the facts used and the rules version that decided.",
    shareable=True,
)
class Entitlement:
    code: str = strawberry.field(description="Stable code, e.g. SOCIAL_SECURITY_DIBAO.")
    title: LocalizedText
    department: str
    status: EntitlementStatus
    legal_basis: LegalBasis
    reasons: list[EntitlementReason]
    valid_from: date | None = strawberry.field(description="First day the answer holds, where known.")
    valid_to: date | None = strawberry.field(
        description="Last day the answer holds, where known (a permit's expiry)."
    )
    eligible_from: date | None = strawberry.field(
        description="For a refusal: the day from which the person will qualify if nothing else changes."
    )
    as_of: date
    rules_version: str = strawberry.field(description="The version of the rules and parameters that decided.")
    amount: Money | None
    guide: ServiceGuide | None

    @classmethod
    def of(cls, decision: model.Decision) -> Entitlement:
        guide = decision.guide
        return cls(
            code=decision.code,
            title=LocalizedText.of(decision.title),
            department=decision.department,
            status=EntitlementStatus(decision.status.value),
            legal_basis=LegalBasis(
                document=decision.basis.document, clause=decision.basis.clause, quote=decision.basis.quote
            ),
            reasons=[
                EntitlementReason(
                    code=r.code,
                    message=LocalizedText.of(r.text),
                    met=r.met,
                    facts=[
                        FactUsed(
                            name=f.name,
                            value=f.value,
                            department=f.source.department,
                            record_id=f.source.record_id,
                            version=f.source.version,
                            event_id=f.source.event_id,
                            event_type=f.source.event_type,
                            occurred_at=f.source.occurred_at,
                        )
                        for f in r.facts
                    ],
                    missing=None
                    if r.missing is None
                    else MissingFact(fact=r.missing.fact, department=r.missing.department),
                )
                for r in decision.reasons
            ],
            valid_from=decision.valid_from,
            valid_to=decision.valid_to,
            eligible_from=decision.eligible_from,
            as_of=decision.as_of,
            rules_version=decision.rules_version,
            amount=None
            if decision.amount is None
            else Money(
                fen=decision.amount.fen, currency="CNY", period=AmountPeriod(decision.amount.period.value)
            ),
            guide=None
            if guide is None
            else ServiceGuide(
                who=LocalizedText.of(guide.who),
                bring=[LocalizedText.of(b) for b in guide.bring],
                where=LocalizedText.of(guide.where),
            ),
        )
