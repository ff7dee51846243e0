"""Who is calling: identity and scopes as the gateway passes them.

Today the gateway forwards `x-caller-subject`, `x-caller-scopes` (space separated) and
`x-access-purpose`. When JWT verification lands at the gateway, only this module changes:
resolvers already ask `context.caller` and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import HTTPConnection

from servicekit.errors import Forbidden

SUBJECT_HEADER = "x-caller-subject"
SCOPES_HEADER = "x-caller-scopes"
PURPOSE_HEADER = "x-access-purpose"


@dataclass(frozen=True, slots=True)
class Caller:
    subject: str | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    purpose: str | None = None

    @property
    def anonymous(self) -> bool:
        return self.subject is None

    def has(self, scope: str) -> bool:
        return scope in self.scopes

    def require(self, scope: str) -> None:
        if scope not in self.scopes:
            raise Forbidden(f"This needs the scope {scope}.", scope=scope)

    @classmethod
    def from_request(cls, request: HTTPConnection) -> Caller:
        headers = request.headers
        scopes = frozenset(headers.get(SCOPES_HEADER, "").split())
        return cls(
            subject=headers.get(SUBJECT_HEADER) or None,
            scopes=scopes,
            purpose=headers.get(PURPOSE_HEADER) or None,
        )
