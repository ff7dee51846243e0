"""Errors with stable codes.

Every expected failure is raised as a `DomainError` subclass and reaches the client as a
GraphQL error whose `extensions.code` is stable and documented. Anything else is a bug:
it is logged with the trace id and reaches the client as `INTERNAL`, with no stack trace
and no detail that could leak data.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

from graphql import GraphQLError

from servicekit.logs import current_trace_id

log = logging.getLogger("servicekit.errors")


class ErrorCode(StrEnum):
    """The stable error codes clients may branch on (docs/errors.md lists them)."""

    INVALID_ID_NUMBER = "INVALID_ID_NUMBER"
    UNKNOWN_REGION = "UNKNOWN_REGION"
    VALIDATION_FAILED = "VALIDATION_FAILED"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    FORBIDDEN = "FORBIDDEN"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    INTERNAL = "INTERNAL"


class DomainError(Exception):
    """An expected failure: the message is safe to show and the code is stable."""

    code: ErrorCode = ErrorCode.VALIDATION_FAILED

    def __init__(self, message: str, *, field: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details

    def extensions(self) -> dict[str, Any]:
        ext: dict[str, Any] = {"code": str(self.code)}
        if self.field is not None:
            ext["field"] = self.field
        ext.update(self.details)
        return ext


class ValidationFailed(DomainError):
    code = ErrorCode.VALIDATION_FAILED


class InvalidIdNumber(DomainError):
    code = ErrorCode.INVALID_ID_NUMBER


class UnknownRegion(DomainError):
    code = ErrorCode.UNKNOWN_REGION


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND


class Conflict(DomainError):
    code = ErrorCode.CONFLICT


class Forbidden(DomainError):
    code = ErrorCode.FORBIDDEN


def _is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, (DomainError, GraphQLError))


def _document_error_code(error: GraphQLError) -> ErrorCode:
    """The code of an error graphql-core raised for the document or the variables."""
    if error.message.startswith("Syntax Error"):
        return ErrorCode.GRAPHQL_PARSE_FAILED
    if error.message.startswith("Variable "):
        return ErrorCode.BAD_USER_INPUT
    return ErrorCode.GRAPHQL_VALIDATION_FAILED


def _classify(error: GraphQLError) -> GraphQLError:
    """Return the error the client sees: with a stable code, and masked when unexpected."""
    original = error.original_error
    if isinstance(original, DomainError):
        extensions = {**(error.extensions or {}), **original.extensions()}
        message = original.message
    elif original is None or isinstance(original, GraphQLError):
        if error.extensions and "code" in error.extensions:
            return error
        extensions = {**(error.extensions or {}), "code": str(_document_error_code(error))}
        message = error.message
    else:
        trace_id = current_trace_id()
        extensions = {"code": str(ErrorCode.INTERNAL)}
        if trace_id:
            extensions["traceId"] = trace_id
        message = "Internal error. Quote the trace id when reporting it."
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


def log_unexpected(errors: list[GraphQLError]) -> None:
    """Log each unexpected error once, with its stack trace, where only operators see it."""
    for error in errors:
        if _is_unexpected(error):
            original = error.original_error
            assert original is not None
            log.error(
                "unexpected error in resolver",
                exc_info=(type(original), original, original.__traceback__),
                extra={"path": list(error.path or [])},
            )


def with_stable_codes(errors: list[GraphQLError]) -> list[GraphQLError]:
    """The errors as the client sees them; called on every HTTP response (servicekit.app).

    Done at the HTTP layer rather than in a schema extension because strawberry answers
    parse failures without running the rest of the extension hooks.
    """
    return [_classify(e) for e in errors]
