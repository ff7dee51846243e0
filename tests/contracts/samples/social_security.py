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
    "fujian.events.social_security.v1.InsuranceEnrolmentStarted": social_security.InsuranceEnrolmentStarted(
        enrolment_id="ie-1",
        person_id="p-1",
        scheme=social_security.INSURANCE_SCHEME_UNEMPLOYMENT,
        started_on="2018-03-01",
        employer="厦门某物业公司",
        project="福州地铁6号线土建3标",
        worker_contributes=True,
        premium_paid_by_government=True,
        version=1,
    ),
    "fujian.events.social_security.v1.InsuranceEnrolmentEnded": social_security.InsuranceEnrolmentEnded(
        enrolment_id="ie-1",
        person_id="p-1",
        scheme=social_security.INSURANCE_SCHEME_UNEMPLOYMENT,
        started_on="2018-03-01",
        ended_on="2019-09-30",
        reason=social_security.ENROLMENT_END_REASON_JOB_LOST,
        employer="厦门某物业公司",
        project="福州地铁6号线土建3标",
        worker_contributes=True,
        premium_paid_by_government=True,
        version=2,
    ),
    "fujian.events.social_security.v1.WorkInjuryRecognized": social_security.WorkInjuryRecognized(
        injury_id="wi-1",
        person_id="p-1",
        enrolment_id="ie-2",
        recognized_on="2019-08-01",
        version=1,
    ),
    "fujian.events.social_security.v1.AssistanceGranted": social_security.AssistanceGranted(
        assistance_id="as-1",
        person_id="p-1",
        kind=social_security.ASSISTANCE_KIND_DIBAO,
        started_on="2019-07-01",
        ends_on="2020-06-30",
        amount_fen=70000,
        period=social_security.PAYMENT_PERIOD_MONTHLY,
        version=1,
    ),
    "fujian.events.social_security.v1.AssistanceEnded": social_security.AssistanceEnded(
        assistance_id="as-1",
        person_id="p-1",
        kind=social_security.ASSISTANCE_KIND_DIBAO,
        started_on="2019-07-01",
        ends_on="2020-06-30",
        ended_on="2020-03-31",
        amount_fen=70000,
        period=social_security.PAYMENT_PERIOD_MONTHLY,
        version=2,
    ),
    "fujian.events.social_security.v1.DisabilityRecorded": social_security.DisabilityRecorded(
        disability_id="di-1",
        person_id="p-1",
        category="PHYSICAL",
        grade=2,
        certified_on="2010-01-01",
        version=1,
    ),
    "fujian.events.social_security.v1.DisabilityRevoked": social_security.DisabilityRevoked(
        disability_id="di-1",
        person_id="p-1",
        category="PHYSICAL",
        grade=2,
        certified_on="2010-01-01",
        revoked_on="2019-10-01",
        version=2,
    ),
}
