"""The demo loader's client: GraphQL calls to the gateway, failing loudly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from devstack.demo.personas import DemoPerson, Resident


class GraphQLFailed(RuntimeError):
    pass


FIND = "query Find($n: String!) { personByIdNumber(idNumber: $n) { id } }"
REGISTER = """mutation Register($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }"""


@dataclass
class Gateway:
    client: httpx.Client

    def __call__(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post("", json={"query": query, "variables": variables})
        body: dict[str, Any] = response.json()
        if body.get("errors"):
            raise GraphQLFailed(str(body["errors"]))
        data: dict[str, Any] = body["data"]
        return data

    def register(self, person: DemoPerson) -> Resident | None:
        """Register the persona at settlement; None if it already was (a restart of
        `make run` keeps its data, and the demo is loaded once)."""
        from devstack.demo.personas import Resident

        if self(FIND, {"n": person.id_number})["personByIdNumber"]:
            return None
        created = self(REGISTER, {"input": {"name": person.name, "idNumber": person.id_number}})
        return Resident(id=created["registerPerson"]["id"], person=person)
