"""Who is calling: the claims of the caller's JWT, verified by the gateway and forwarded in
the request it signed (servicekit.trust). Nothing a client sends directly is believed:
identity headers are ignored, and a request the gateway did not sign never gets here.

Claims read: `sub` (the caller), `scope` (space-separated, or a list), `purpose` (why they
read personal data, for the access log) and `person_id` (a resident's own Person.id).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import HTTPConnection

from servicekit.errors import Forbidden

CLAIMS_STATE = "caller_claims"  # where servicekit.app's trust middleware leaves the claims


@dataclass(frozen=True, slots=True)
class Caller:
    subject: str | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    purpose: str | None = None
    person_id: str | None = None  # set for a resident: the only person they may read

    @property
    def anonymous(self) -> bool:
        return self.subject is None

    def has(self, scope: str) -> bool:
        return scope in self.scopes

    def require(self, scope: str) -> None:
        if scope not in self.scopes:
            raise Forbidden(f"This needs the scope {scope}.", scope=scope)

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any] | None) -> Caller:
        if not claims:
            return cls()
        raw = claims.get("scope", "")
        scopes = raw.split() if isinstance(raw, str) else [s for s in raw if isinstance(s, str)]

        def text(name: str) -> str | None:
            value = claims.get(name)
            return value if isinstance(value, str) and value else None

        return cls(
            subject=text("sub"),
            scopes=frozenset(scopes),
            purpose=text("purpose"),
            person_id=text("person_id"),
        )

    @classmethod
    def from_request(cls, request: HTTPConnection) -> Caller:
        return cls.from_claims(request.scope.get("state", {}).get(CLAIMS_STATE))
