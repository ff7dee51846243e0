"""The subgraph's front door for GraphQL requests (ASGI middleware): POST with a JSON body
of bounded size, signed by the gateway (servicekit.trust). What it refuses it answers with
a GraphQL-shaped error and a stable code, and never reaches the schema:

- 405 METHOD_NOT_ALLOWED: anything but POST (GET only serves the development page);
- 415 UNSUPPORTED_MEDIA_TYPE: a body that is not `application/json` (so no HTML form can
  send one without a CORS preflight);
- 413 REQUEST_ENTITY_TOO_LARGE: a body over MAX_REQUEST_BYTES, counted as it arrives;
- 400 BAD_REQUEST: a body that is not JSON;
- 401 UNAUTHENTICATED: no valid gateway signature, or an expired token.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

from servicekit.caller import CLAIMS_STATE
from servicekit.trust import Untrusted, verified_claims

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("servicekit.guard")


class _Refused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


async def _refuse(send: Send, refused: _Refused) -> None:
    body = orjson.dumps({"errors": [{"message": refused.message, "extensions": {"code": refused.code}}]})
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if refused.status == 405:
        headers.append((b"allow", b"POST"))
    await send({"type": "http.response.start", "status": refused.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class GraphQLGuard:
    def __init__(
        self,
        app: ASGIApp,
        *,
        secret: bytes | None,
        max_bytes: int,
        path: str = "/graphql",
        development: bool = False,
    ) -> None:
        self.app, self.secret, self.max_bytes, self.path = app, secret, max_bytes, path
        self.development = development

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "GET" and self.development:
            await self.app(scope, receive, send)  # the development page; queries by GET are off
            return
        try:
            raw = await self._body(scope, receive)
            claims = None if self.secret is None else self._claims(raw)
        except _Refused as refused:
            await _refuse(send, refused)
            return
        except Untrusted as exc:
            # Not the request's content: it may hold personal data.
            log.warning("refused a request the gateway did not sign", extra={"reason": str(exc)})
            await _refuse(send, _Refused(401, "UNAUTHENTICATED", "Requests must come through the gateway."))
            return
        scope.setdefault("state", {})[CLAIMS_STATE] = claims
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": raw, "more_body": False}

        await self.app(scope, replay, send)

    def _claims(self, raw: bytes) -> dict[str, Any] | None:
        assert self.secret is not None
        try:
            orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise _Refused(400, "BAD_REQUEST", "The body is not valid JSON.") from None
        return verified_claims(self.secret, raw)

    async def _body(self, scope: Scope, receive: Receive) -> bytes:
        if scope["method"] != "POST":
            raise _Refused(405, "METHOD_NOT_ALLOWED", "Only POST is allowed.")
        headers = dict(scope["headers"])
        media_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if media_type != b"application/json":
            raise _Refused(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json.")
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            raise _Refused(413, "REQUEST_ENTITY_TOO_LARGE", f"The body is over {self.max_bytes} bytes.")
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Refused(400, "BAD_REQUEST", "The client went away.")
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise _Refused(413, "REQUEST_ENTITY_TOO_LARGE", f"The body is over {self.max_bytes} bytes.")
            chunks.append(chunk)
            if not message.get("more_body"):
                return b"".join(chunks)
