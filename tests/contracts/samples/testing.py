"""One fully populated example of every kit test contract's event type (tests/contracts)."""

from __future__ import annotations

from google.protobuf.message import Message

from fujian.events.testing.v1 import events_pb2 as testing

SAMPLES: dict[str, Message] = {
    "fujian.events.testing.v1.RegistrationOpened": testing.RegistrationOpened(
        registration=testing.Registration(
            registration_id="tr-1", person_id="p-1", household_number="H-1", opened_on="2019-06-01"
        ),
        version=1,
    ),
    "fujian.events.testing.v1.RegistrationClosed": testing.RegistrationClosed(
        registration=testing.Registration(
            registration_id="tr-1",
            person_id="p-1",
            household_number="H-1",
            opened_on="2019-06-01",
            closed_on="2020-12-31",
        ),
        version=2,
    ),
    "fujian.events.testing.v1.RegionQuotaSet": testing.RegionQuotaSet(
        region_code="350102", places=40, effective_on="2020-01-01", version=1
    ),
    "fujian.events.testing.v1.RulesVersionPublished": testing.RulesVersionPublished(
        rules_version_id="rules-2020", effective_on="2020-01-01", version=1
    ),
}
