"""One fully populated example of every housing event type (tests/contracts)."""

from __future__ import annotations

from google.protobuf.message import Message

from fujian.events.housing.v1 import events_pb2 as housing

_APPLICATION = housing.PublicHousingApplication(
    application_id="ph-1",
    person_id="p-1",
    city_code="350203",
    form=housing.HOUSING_FORM_RENTAL_SUBSIDY,
    applied_on="2019-07-01",
    outcome=housing.HOUSING_OUTCOME_SUBSIDY_GRANTED,
    decided_on="2019-08-01",
    reason="符合条件",
    subsidy_fen=60000,
    ended_on="2020-06-30",
)

SAMPLES: dict[str, Message] = {
    "fujian.events.housing.v1.PublicHousingApplied": housing.PublicHousingApplied(
        application=_APPLICATION, version=1
    ),
    "fujian.events.housing.v1.PublicHousingDecided": housing.PublicHousingDecided(
        application=_APPLICATION, version=2
    ),
    "fujian.events.housing.v1.PublicHousingEnded": housing.PublicHousingEnded(
        application=_APPLICATION, version=3
    ),
    "fujian.events.housing.v1.TenancyRegistered": housing.TenancyRegistered(
        tenancy_id="t-1",
        person_id="p-1",
        county_code="350203",
        started_on="2019-03-01",
        registered_on="2019-03-05",
        version=1,
    ),
}
