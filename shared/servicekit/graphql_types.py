"""GraphQL value types that several subgraphs return, declared once and @shareable."""

from __future__ import annotations

import strawberry

from servicekit.identity import region_name


@strawberry.federation.type(
    shareable=True, description="An administrative region (GB/T 2260 code and its name)."
)
class Region:
    code: str = strawberry.field(description="Six-digit GB/T 2260 code, e.g. 350102.")
    name: str = strawberry.field(description="Full name, e.g. 福建省福州市鼓楼区.")

    @classmethod
    def of(cls, code: str) -> Region:
        return cls(code=code, name=region_name(code))
