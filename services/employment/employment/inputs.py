"""就业 Employment's mutation inputs."""

from __future__ import annotations

from datetime import date

import strawberry

from employment.kinds import Industry, TrainingKind


@strawberry.input(description="Record that a person started working for an employer in a city (城镇就业).")
class RecordEmploymentInput:
    person_id: strawberry.ID
    employer: str = strawberry.field(description="The employer's name, 1 to 100 characters.")
    industry: Industry
    city_code: str = strawberry.field(description="GB/T 2260 code of the county or city of work.")
    started_on: date


@strawberry.input(description="End an employment: `endedOn` is the last day worked.")
class EndEmploymentInput:
    employment_id: strawberry.ID
    ended_on: date


@strawberry.input(description="Register a person as a job seeker (求职登记) in a city.")
class RegisterJobSeekerInput:
    person_id: strawberry.ID
    city_code: str = strawberry.field(description="GB/T 2260 code of the public employment service's city.")
    registered_on: date


@strawberry.input(description="Close a job-seeker registration: `closedOn` is its last open day.")
class CloseJobSeekerRegistrationInput:
    registration_id: strawberry.ID
    closed_on: date


@strawberry.input(description="Enrol a person in training (职业技能培训) or a degree upgrade (学历提升).")
class EnrolTrainingInput:
    person_id: strawberry.ID
    course: str = strawberry.field(description="The course or programme, 1 to 100 characters.")
    city_code: str = strawberry.field(description="GB/T 2260 code of where the training takes place.")
    started_on: date
    kind: TrainingKind = TrainingKind.VOCATIONAL
    subsidy_fen: int = strawberry.field(
        default=0, description="The training subsidy granted (职业培训补贴), integer fen (分), ≥ 0."
    )


@strawberry.input(description="Record that a training ended: `completedOn` is its last day.")
class CompleteTrainingInput:
    training_id: strawberry.ID
    completed_on: date
