"""The enumerations of 就业 Employment's records (stored as their names)."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="The industry of an employment (clause 十二 targets the first four).")
class Industry(Enum):
    SANITATION = strawberry.enum_value("SANITATION", description="环卫 (sanitation).")
    PUBLIC_TRANSPORT = strawberry.enum_value("PUBLIC_TRANSPORT", description="公交 (public transport).")
    METRO = strawberry.enum_value("METRO", description="地铁 (metro).")
    AUXILIARY_POLICE = strawberry.enum_value("AUXILIARY_POLICE", description="公安协警 (auxiliary police).")
    CONSTRUCTION = strawberry.enum_value("CONSTRUCTION", description="建筑 (construction).")
    MANUFACTURING = strawberry.enum_value("MANUFACTURING", description="制造 (manufacturing).")
    SERVICES = strawberry.enum_value("SERVICES", description="服务 (services).")
    OTHER = strawberry.enum_value("OTHER", description="Any other industry.")


@strawberry.enum(description="A kind of training enrolment (clause 四).")
class TrainingKind(Enum):
    VOCATIONAL = strawberry.enum_value("VOCATIONAL", description="职业技能培训 (vocational skills training).")
    DEGREE_UPGRADE = strawberry.enum_value(
        "DEGREE_UPGRADE",
        description="农民工学历提升 / 求学圆梦行动 (continuing education towards a higher degree).",
    )
