"""One fully populated example of every health event type (tests/contracts)."""

from __future__ import annotations

from google.protobuf.message import Message

from fujian.events.health.v1 import events_pb2 as health

SAMPLES: dict[str, Message] = {
    "fujian.events.health.v1.MedicalInsuranceEnrolled": health.MedicalInsuranceEnrolled(
        enrolment_id="me-1",
        person_id="p-1",
        year=2020,
        city_code="350203",
        premium_fen=25000,
        paid_by_government_fen=25000,
        enrolled_on="2019-10-15",
        covers=[
            health.MEDICAL_COVER_CRITICAL_ILLNESS,
            health.MEDICAL_COVER_MEDICAL_ASSISTANCE,
            health.MEDICAL_COVER_PRECISION_POVERTY,
        ],
        version=1,
    ),
    "fujian.events.health.v1.FamilyDoctorContractSigned": health.FamilyDoctorContractSigned(
        contract_id="fd-1",
        person_id="p-1",
        clinic="厦门市思明区某社区卫生服务中心",
        signed_on="2020-03-01",
        ends_on="2021-02-28",
        fee_fen=1200,
        subsidy_fen=1200,
        chronic_diseases=[health.CHRONIC_DISEASE_HYPERTENSION, health.CHRONIC_DISEASE_DIABETES],
        version=1,
    ),
    "fujian.events.health.v1.PatientAdmitted": health.PatientAdmitted(
        admission_id="ad-1",
        person_id="p-1",
        hospital="泉州市某县医院",
        county_code="350521",
        designated=True,
        admitted_on="2020-05-01",
        treat_first_pay_later=True,
        version=1,
    ),
    "fujian.events.health.v1.HospitalBillSettled": health.HospitalBillSettled(
        settlement_id="hs-1",
        person_id="p-1",
        admission_id="ad-1",
        settled_on="2020-05-12",
        total_fen=800000,
        reimbursed_fen=720000,
        version=1,
    ),
}
