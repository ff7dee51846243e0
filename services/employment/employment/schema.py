"""就业 Employment's subgraph schema: extends Person with `employment`, and shows operators its
event pipeline."""

from __future__ import annotations

import strawberry

from employment import SERVICE, records
from employment.inputs import (
    CloseJobSeekerRegistrationInput,
    CompleteTrainingInput,
    EndEmploymentInput,
    EnrolTrainingInput,
    RecordEmploymentInput,
    RegisterJobSeekerInput,
)
from employment.projections import subscription
from employment.types import EmploymentRecord, JobSeekerRegistration, Person, Training
from servicekit import idempotency
from servicekit.audit import AccessLogEntry, access_log_field
from servicekit.bus.status import EventPipeline, event_pipeline_field
from servicekit.context import Info
from servicekit.federation import make_schema


@strawberry.type
class Query:
    # `employmentEvents`, for operators only (scope events:operate, checked inside).
    employment_events: EventPipeline | None = event_pipeline_field(SERVICE, subscription)
    # `employmentAccessLog`, for auditors (scope audit:read, checked inside).
    employment_access_log: list[AccessLogEntry] = access_log_field(SERVICE)


# Every mutation is declared with idempotency.mutation and writes through
# idempotency.write_once, so a client's retry cannot write twice (tests/kit/test_idempotency.py
# checks every department).
@strawberry.type
class Mutation:
    @idempotency.mutation(description="Record that a person started working for an employer (城镇就业).")
    async def record_employment(self, info: Info, input: RecordEmploymentInput) -> EmploymentRecord:
        return await records.record_employment(info, input)

    @idempotency.mutation(description="End an employment (its last day).")
    async def end_employment(self, info: Info, input: EndEmploymentInput) -> EmploymentRecord:
        return await records.end_employment(info, input)

    @idempotency.mutation(description="Register a person as a job seeker (求职登记), free of charge.")
    async def register_job_seeker(self, info: Info, input: RegisterJobSeekerInput) -> JobSeekerRegistration:
        return await records.register_job_seeker(info, input)

    @idempotency.mutation(description="Close a job-seeker registration (its last open day).")
    async def close_job_seeker_registration(
        self, info: Info, input: CloseJobSeekerRegistrationInput
    ) -> JobSeekerRegistration:
        return await records.close_job_seeker_registration(info, input)

    @idempotency.mutation(
        description="Enrol a person in vocational training or a degree upgrade, with the subsidy granted."
    )
    async def enrol_training(self, info: Info, input: EnrolTrainingInput) -> Training:
        return await records.enrol_training(info, input)

    @idempotency.mutation(description="Record that a training ended (its last day).")
    async def complete_training(self, info: Info, input: CompleteTrainingInput) -> Training:
        return await records.complete_training(info, input)


schema = make_schema(query=Query, mutation=Mutation, types=[Person])
