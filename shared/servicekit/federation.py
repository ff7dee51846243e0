"""The strawberry federation schema every subgraph uses.

Pinned to Federation 2.9: `@theguild/federation-composition` composes up to 2.9.
The parser and validation caches matter: validating the query is most of a subgraph's
CPU, and the gateway sends the same query text again and again (ids travel as variables).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, ParserCache, QueryDepthLimiter, ValidationCache
from strawberry.extensions.tracing import OpenTelemetryExtension
from strawberry.types import ExecutionContext

from servicekit.errors import log_unexpected

FEDERATION_VERSION: Final = "2.9"


def _no_arguments(_args: dict[str, Any], _info: Any) -> dict[str, Any]:
    # Arguments may hold personal data (a resident ID number); spans never record them.
    return {}


class ServiceSchema(strawberry.federation.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Expected errors (DomainError, invalid documents) are answers, not incidents;
        # only unexpected ones are logged, with their stack trace.
        log_unexpected(errors)


def make_schema(
    *,
    query: type,
    mutation: type | None = None,
    types: Iterable[type] = (),
) -> ServiceSchema:
    return ServiceSchema(
        query=query,
        mutation=mutation,
        types=list(types),
        federation_version=FEDERATION_VERSION,
        extensions=[
            lambda: ParserCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
            lambda: QueryDepthLimiter(max_depth=12),
            lambda: MaxAliasesLimiter(max_alias_count=30),
            lambda: OpenTelemetryExtension(arg_filter=_no_arguments),
        ],
    )


def graphql_name(service: str) -> str:
    """A department's name as GraphQL spells its fields: "social-security" (or the package
    "social_security") → "socialSecurity", as strawberry names `Person.social_security`."""
    head, *rest = re.split(r"[-_]", service)
    return head + "".join(part.capitalize() for part in rest)


def sdl(schema: strawberry.federation.Schema) -> str:
    """The subgraph SDL as committed in `services/<name>/schema.graphql`."""
    return schema.as_str().rstrip("\n") + "\n"
