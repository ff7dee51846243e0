"""Education's subgraph schema: extends Person with `education`, and shows operators its
event pipeline."""

from __future__ import annotations

import strawberry

from education import SERVICE, resolvers
from education.inputs import EndEnrolmentInput, EnrolStudentInput, GrantStudentAidInput
from education.projections import subscription
from education.types import Enrolment, Person, StudentAid
from servicekit import idempotency
from servicekit.audit import AccessLogEntry, access_log_field
from servicekit.bus.status import EventPipeline, event_pipeline_field
from servicekit.context import Info
from servicekit.federation import make_schema


@strawberry.type
class Query:
    # `educationEvents`, for operators only (scope events:operate, checked inside).
    education_events: EventPipeline | None = event_pipeline_field(SERVICE, subscription)
    # `educationAccessLog`, for auditors (scope audit:read, checked inside).
    education_access_log: list[AccessLogEntry] = access_log_field(SERVICE)


# Every mutation is declared with idempotency.mutation and writes through
# idempotency.write_once, so a client's retry cannot write twice (tests/kit/test_idempotency.py
# checks every department).
@strawberry.type
class Mutation:
    @idempotency.mutation(description="Enrol a student in a school (入学).")
    async def enrol_student(self, info: Info, input: EnrolStudentInput) -> Enrolment:
        return await resolvers.enrol_student(info, input)

    @idempotency.mutation(
        description="End an enrolment (graduated, transferred or left); GRADUATED records a graduation."
    )
    async def end_enrolment(self, info: Info, input: EndEnrolmentInput) -> Enrolment:
        return await resolvers.end_enrolment(info, input)

    @idempotency.mutation(description="Grant student aid for an enrolment (学生资助).")
    async def grant_student_aid(self, info: Info, input: GrantStudentAidInput) -> StudentAid:
        return await resolvers.grant_student_aid(info, input)


schema = make_schema(query=Query, mutation=Mutation, types=[Person])
