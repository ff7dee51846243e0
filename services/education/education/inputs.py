"""Education's mutation inputs."""

from __future__ import annotations

from datetime import date

import strawberry

from education.kinds import EducationLevel, SchoolLeavingReason, StudentAidKind


@strawberry.input(description="Enrol a student in a school (入学).")
class EnrolStudentInput:
    person_id: strawberry.ID
    level: EducationLevel
    grade: int | None = strawberry.field(
        default=None, description="1–9, required for PRIMARY (1–6) and JUNIOR_SECONDARY (7–9); else null."
    )
    school: str = strawberry.field(description="The school's name.")
    city_code: str = strawberry.field(description="GB/T 2260 code of the school's county or city.")
    public_school: bool = strawberry.field(description="A public school (公办学校).")
    started_on: date


@strawberry.input(description="End an enrolment: `endedOn` is its last day.")
class EndEnrolmentInput:
    enrolment_id: strawberry.ID
    ended_on: date
    reason: SchoolLeavingReason


@strawberry.input(description="Grant student aid for an enrolment (学生资助).")
class GrantStudentAidInput:
    person_id: strawberry.ID
    enrolment_id: strawberry.ID = strawberry.field(description="The student's enrolment the aid is for.")
    kind: StudentAidKind
    amount_fen: int = strawberry.field(description="Integer fen (分), ≥ 0.")
    granted_on: date
