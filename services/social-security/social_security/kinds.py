"""The enumerations of social security's records (stored as their names)."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="A social insurance scheme (clauses 九, 十).")
class InsuranceScheme(Enum):
    RESIDENT_PENSION = strawberry.enum_value(
        "RESIDENT_PENSION", description="城乡居民基本养老保险 (residents' basic pension)."
    )
    EMPLOYEE_PENSION = strawberry.enum_value(
        "EMPLOYEE_PENSION", description="企业职工基本养老保险 (enterprise employees' basic pension)."
    )
    UNEMPLOYMENT = strawberry.enum_value("UNEMPLOYMENT", description="失业保险 (unemployment insurance).")
    WORK_INJURY = strawberry.enum_value("WORK_INJURY", description="工伤保险 (work-injury insurance).")


@strawberry.enum(description="Why an insurance enrolment ended.")
class EnrolmentEndReason(Enum):
    JOB_LOST = strawberry.enum_value("JOB_LOST", description="The worker lost the job (失业).")
    LEFT = strawberry.enum_value("LEFT", description="The person left the scheme.")
    OTHER = "OTHER"


@strawberry.enum(description="A kind of social assistance (clause 十一).")
class AssistanceKind(Enum):
    DIBAO = strawberry.enum_value("DIBAO", description="最低生活保障 (minimum living guarantee).")
    TEMPORARY = strawberry.enum_value("TEMPORARY", description="临时救助 (temporary assistance).")
    SPECIAL_HARDSHIP = strawberry.enum_value(
        "SPECIAL_HARDSHIP", description="特困人员救助供养 (support for persons in special hardship)."
    )


@strawberry.enum(description="How often an assistance amount is paid.")
class PaymentPeriod(Enum):
    MONTHLY = "MONTHLY"
    ONE_TIME = "ONE_TIME"


@strawberry.enum(description="A category of disability (残疾类别).")
class DisabilityCategory(Enum):
    VISUAL = strawberry.enum_value("VISUAL", description="视力残疾.")
    HEARING = strawberry.enum_value("HEARING", description="听力残疾.")
    SPEECH = strawberry.enum_value("SPEECH", description="言语残疾.")
    PHYSICAL = strawberry.enum_value("PHYSICAL", description="肢体残疾.")
    INTELLECTUAL = strawberry.enum_value("INTELLECTUAL", description="智力残疾.")
    MENTAL = strawberry.enum_value("MENTAL", description="精神残疾.")
    MULTIPLE = strawberry.enum_value("MULTIPLE", description="多重残疾.")
