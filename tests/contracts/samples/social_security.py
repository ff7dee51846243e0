"""One fully populated example of every social-security event type (tests/contracts)."""

from __future__ import annotations

from google.protobuf.message import Message

from fujian.events.social_security.v1 import events_pb2 as social_security

SAMPLES: dict[str, Message] = {
    "fujian.events.social_security.v1.PovertyRegistered": social_security.PovertyRegistered(
        registration_id="pr-1",
        person_id="p-1",
        household_number="3501220001234",
        registered_on="2015-10-15",
        version=1,
    ),
    "fujian.events.social_security.v1.PovertyLifted": social_security.PovertyLifted(
        registration_id="pr-1",
        person_id="p-1",
        lifted_on="2019-12-20",
        version=2,
        household_number="350121-0042",
        registered_on="2019-06-30",
    ),
}
