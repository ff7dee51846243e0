"""Who may read and write what (docs/security.md has the table of roles and scopes).

- `person:read`: a person's identity, hukou, permits and residence at settlement;
- `<department>:read`: that department's part of a person (records, projections,
  entitlements);
- `<department>:write`: every mutation of that department (checked by the kit for every
  mutation, `servicekit.idempotency.mutation`);
- a resident (the claim `person_id`) reads their own record and nothing else.

A refusal is `FORBIDDEN` for that field; the rest of the operation is answered.
"""

from __future__ import annotations

from typing import Any

from strawberry.types import Info as StrawberryInfo

from servicekit.caller import Caller
from servicekit.errors import Forbidden

PERSON_READ = "person:read"


def read_scope(department: str) -> str:
    return f"{department}:read"


def write_scope(department: str) -> str:
    return f"{department}:write"


def _department(info: StrawberryInfo[Any, Any]) -> str:
    name: str = info.context.department
    return name


def _own(caller: Caller, person_id: object) -> bool:
    return caller.person_id is not None and caller.person_id == str(person_id)


def require_person(info: StrawberryInfo[Any, Any], person_id: object) -> None:
    """Reading this person's identity: `person:read`, or the resident themself."""
    caller: Caller = info.context.caller
    if not (caller.has(PERSON_READ) or _own(caller, person_id)):
        raise Forbidden(f"Reading a person needs the scope {PERSON_READ}.", scope=PERSON_READ)
    info.context.trail.read(person_id, "identity")


def require_part(info: StrawberryInfo[Any, Any], person_id: object) -> None:
    """Reading this department's part of a person: `<department>:read`, or the resident
    themself."""
    caller: Caller = info.context.caller
    scope = read_scope(_department(info))
    if not (caller.has(scope) or _own(caller, person_id)):
        raise Forbidden(f"This needs the scope {scope}.", scope=scope)
    info.context.trail.read(person_id, info.field_name)


def require_read(info: StrawberryInfo[Any, Any]) -> None:
    """A department-wide read (a queue, a household's registrations): `<department>:read`."""
    info.context.caller.require(read_scope(_department(info)))


def require_write(info: StrawberryInfo[Any, Any]) -> None:
    info.context.caller.require(write_scope(_department(info)))
