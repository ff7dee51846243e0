"""One fully populated example of every employment event type (tests/contracts)."""

from __future__ import annotations

from google.protobuf.message import Message

from fujian.events.employment.v1 import events_pb2 as employment

_RECORD = employment.Employment(
    employment_id="em-1",
    person_id="p-1",
    employer="厦门市环境卫生中心",
    industry=employment.INDUSTRY_SANITATION,
    city_code="350203",
    started_on="2018-06-01",
    ended_on="2021-05-31",
)

SAMPLES: dict[str, Message] = {
    "fujian.events.employment.v1.EmploymentStarted": employment.EmploymentStarted(
        employment=_RECORD, version=1
    ),
    "fujian.events.employment.v1.EmploymentEnded": employment.EmploymentEnded(employment=_RECORD, version=2),
}
