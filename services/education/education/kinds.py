"""The enumerations of education's records (stored as their names)."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="A level of education (学段).")
class EducationLevel(Enum):
    PRESCHOOL = strawberry.enum_value("PRESCHOOL", description="学前教育 (preschool).")
    PRIMARY = strawberry.enum_value("PRIMARY", description="小学 (primary, compulsory grades 1–6).")
    JUNIOR_SECONDARY = strawberry.enum_value(
        "JUNIOR_SECONDARY", description="初中 (junior secondary, compulsory grades 7–9)."
    )
    SENIOR_SECONDARY = strawberry.enum_value("SENIOR_SECONDARY", description="普通高中 (senior secondary).")
    VOCATIONAL = strawberry.enum_value(
        "VOCATIONAL", description="职业教育 (vocational education: secondary 中职 or higher 高职)."
    )
    TECHNICAL_SCHOOL = strawberry.enum_value("TECHNICAL_SCHOOL", description="技工院校 (technical school).")
    HIGHER = strawberry.enum_value("HIGHER", description="普通高等教育 (higher education, undergraduate).")
    POSTGRADUATE = strawberry.enum_value("POSTGRADUATE", description="研究生教育 (postgraduate).")


COMPULSORY_LEVELS = frozenset({EducationLevel.PRIMARY, EducationLevel.JUNIOR_SECONDARY})


@strawberry.enum(description="Why an enrolment ended.")
class SchoolLeavingReason(Enum):
    GRADUATED = strawberry.enum_value("GRADUATED", description="毕业 (graduated; a graduation is recorded).")
    TRANSFERRED = strawberry.enum_value("TRANSFERRED", description="转学 (moved to another school).")
    LEFT = strawberry.enum_value("LEFT", description="The student left without graduating.")


@strawberry.enum(description="A kind of student aid (学生资助).")
class StudentAidKind(Enum):
    TUITION_WAIVER = strawberry.enum_value("TUITION_WAIVER", description="免学费 (tuition waiver).")
    NATIONAL_GRANT = strawberry.enum_value("NATIONAL_GRANT", description="国家助学金 (national grant).")
    RAIN_AND_DEW = strawberry.enum_value(
        "RAIN_AND_DEW", description="雨露计划扶贫助学补助 (Rain-and-Dew study subsidy, clause 四)."
    )
    GRADUATE_JOB_SEEKING = strawberry.enum_value(
        "GRADUATE_JOB_SEEKING", description="一次性求职创业补贴 (graduates' job-seeking subsidy, clause 三)."
    )
    OTHER = "OTHER"
