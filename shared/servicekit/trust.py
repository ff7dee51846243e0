"""Gateway-to-subgraph trust: a subgraph answers only requests the gateway signed.

The gateway verifies the caller's JWT and forwards its claims in the request body's
`extensions.jwt.payload`; it signs every upstream request with HMAC-SHA256 over the
canonical JSON of `{"query", "variables" (when not empty), "jwt"}` and puts the base64
signature in `extensions["hmac-signature"]` (gateway/gateway.config.ts). A subgraph
recomputes it with the shared secret (GATEWAY_HMAC_SECRET): a request that bypasses the
gateway, or whose claims were changed on the way, gets 401 and nothing else — `_entities`
and `_service` included. Client-sent identity headers are never read.

Canonical JSON is JavaScript's `JSON.stringify` with object keys sorted (by UTF-16 code
units, as JavaScript sorts them) and no whitespace; numbers keep the exact text the gateway
wrote, so 0.00001 is not rewritten as 1e-05 on the way.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

SIGNATURE = "hmac-signature"
CLAIMS = "jwt"


class Untrusted(Exception):
    """The request was not signed by the gateway, or its claims cannot be used."""


@dataclass(frozen=True)
class _Number:
    text: str  # a JSON number exactly as it was written


def _canonical(value: Any) -> str:
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return (
            "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + _canonical(value[k]) for k in keys) + "}"
        )
    if isinstance(value, list):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    if isinstance(value, _Number):
        return value.text
    return json.dumps(value, ensure_ascii=False)


def _signed_part(body: dict[str, Any]) -> dict[str, Any]:
    extensions = body.get("extensions") or {}
    signed: dict[str, Any] = {"query": body.get("query")}
    if body.get("variables"):
        signed["variables"] = body["variables"]
    if extensions.get(CLAIMS) is not None:
        signed[CLAIMS] = extensions[CLAIMS]
    return signed


def signature(secret: bytes, body: dict[str, Any]) -> str:
    """The signature the gateway puts on `body` (used by the tests' client in its place)."""
    message = _canonical(_signed_part(body)).encode("utf-8")
    return base64.b64encode(hmac.new(secret, message, hashlib.sha256).digest()).decode()


def sign(secret: bytes, body: dict[str, Any]) -> dict[str, Any]:
    """`body` with its signature in `extensions`, as the gateway sends it."""
    extensions = dict(body.get("extensions") or {})
    extensions[SIGNATURE] = signature(secret, body)
    return {**body, "extensions": extensions}


def verified_claims(secret: bytes, raw: bytes, *, now: float | None = None) -> dict[str, Any] | None:
    """The caller's verified JWT claims from a signed request body; None for a signed
    request without a caller (the gateway's own `_service` fetch). `Untrusted` otherwise."""
    try:
        body = json.loads(raw, parse_float=_Number, parse_int=_Number)
    except (ValueError, UnicodeDecodeError):
        raise Untrusted("the body is not JSON") from None
    if not isinstance(body, dict):
        raise Untrusted("the body is not a GraphQL request")
    extensions = body.get("extensions")
    given = extensions.get(SIGNATURE) if isinstance(extensions, dict) else None
    if not isinstance(given, str):
        raise Untrusted("the request is not signed by the gateway")
    message = _canonical(_signed_part(body)).encode("utf-8")
    expected = base64.b64encode(hmac.new(secret, message, hashlib.sha256).digest()).decode()
    if not hmac.compare_digest(expected, given):
        raise Untrusted("the gateway's signature does not match the request")
    assert isinstance(extensions, dict)
    forwarded = extensions.get(CLAIMS)
    if forwarded is None:
        return None
    payload = forwarded.get("payload") if isinstance(forwarded, dict) else None
    if not isinstance(payload, dict):
        raise Untrusted("the forwarded claims have no payload")
    claims: dict[str, Any] = json.loads(_canonical(payload))  # plain numbers again
    expires = claims.get("exp")
    # The token's expiry bounds a replay of a captured upstream request.
    if not isinstance(expires, (int, float)) or expires < (time.time() if now is None else now):
        raise Untrusted("the caller's token has expired")
    return claims
