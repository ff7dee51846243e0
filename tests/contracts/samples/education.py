"""One fully populated example of every education event type (tests/contracts)."""

from __future__ import annotations

from google.protobuf.message import Message

from fujian.events.education.v1 import events_pb2 as education


def _enrolment(ended: bool) -> education.Enrolment:
    return education.Enrolment(
        enrolment_id="e-1",
        person_id="p-1",
        level=education.EDUCATION_LEVEL_JUNIOR_SECONDARY,
        grade=9,
        school="福州第一中学",
        city_code="350100",
        public_school=True,
        started_on="2016-09-01",
        ended_on="2020-06-30" if ended else "",
        reason=education.ENROLMENT_END_REASON_GRADUATED
        if ended
        else education.ENROLMENT_END_REASON_UNSPECIFIED,
    )


SAMPLES: dict[str, Message] = {
    "fujian.events.education.v1.StudentEnrolled": education.StudentEnrolled(
        enrolment=_enrolment(False), version=1
    ),
    "fujian.events.education.v1.EnrolmentEnded": education.EnrolmentEnded(
        enrolment=_enrolment(True), version=2
    ),
    "fujian.events.education.v1.StudentGraduated": education.StudentGraduated(
        graduation_id="g-1",
        person_id="p-1",
        enrolment_id="e-1",
        level=education.EDUCATION_LEVEL_HIGHER,
        school="福州大学",
        city_code="350100",
        graduated_on="2020-06-30",
        graduation_year=2020,
        version=1,
    ),
    "fujian.events.education.v1.StudentAidGranted": education.StudentAidGranted(
        aid_id="a-1",
        person_id="p-1",
        enrolment_id="e-1",
        kind=education.STUDENT_AID_KIND_NATIONAL_GRANT,
        amount_fen=300000,
        granted_on="2019-10-01",
        version=1,
    ),
}
