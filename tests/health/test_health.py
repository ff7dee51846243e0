"""Health's records (clauses 七, 八): each mutation writes its row and exactly one event in
one transaction, refuses bad input, unknown ids and duplicates, and the entitlements read
the records and the projected poverty registrations and hukou."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from fujian.events.health.v1 import events_pb2 as pb
from health.app import SPEC
from servicekit.contracts.registry import decode, parse_envelope
from settlement.app import SPEC as SETTLEMENT
from tests.bus.support import eventually
from tests.conftest import ServeFactory
from tests.ids import make_id_number
from tests.support import ServiceUnderTest

ENROL = """mutation E($input: EnrolMedicalInsuranceInput!) { enrolMedicalInsurance(input: $input) {
  id year city { code } premiumFen paidByGovernmentFen enrolledOn covers } }"""
SIGN = """mutation S($input: SignFamilyDoctorInput!) { signFamilyDoctor(input: $input) {
  id clinic signedOn endsOn feeFen subsidyFen chronicDiseases } }"""
ADMIT = """mutation A($input: RecordAdmissionInput!) { recordAdmission(input: $input) {
  id hospital county { code } designated admittedOn treatFirstPayLater } }"""
SETTLE = """mutation T($input: RecordSettlementInput!) { recordSettlement(input: $input) {
  id admissionId settledOn totalFen reimbursedFen } }"""
ENTITY = """
query E($r: [_Any!]!, $asOf: Date) { _entities(representations: $r) { ... on Person {
  id health {
    medicalInsurance { year covers } familyDoctorContracts { clinic } admissions { hospital }
    settlements { totalFen } identity { birthDate source { producer version } }
    entitlements(asOf: $asOf) { code status validTo amount { fen period }
      reasons { code met facts { name department recordId version } } }
  } } } }"""


def enrol_input(person: str, **changes: Any) -> dict[str, Any]:
    return {
        "personId": person,
        "year": 2020,
        "cityCode": "350203",
        "premiumFen": 25000,
        "paidByGovernmentFen": 25000,
        "enrolledOn": "2019-10-15",
        "covers": ["CRITICAL_ILLNESS", "MEDICAL_ASSISTANCE", "PRECISION_POVERTY"],
        **changes,
    }


def sign_input(person: str, **changes: Any) -> dict[str, Any]:
    return {
        "personId": person,
        "clinic": " 某社区卫生服务中心 ",
        "signedOn": "2020-03-01",
        "endsOn": "2021-02-28",
        "feeFen": 1200,
        "subsidyFen": 1200,
        "chronicDiseases": ["HYPERTENSION"],
        **changes,
    }


def admit_input(person: str, **changes: Any) -> dict[str, Any]:
    return {
        "personId": person,
        "hospital": "南安市某医院",
        "countyCode": "350583",
        "designated": True,
        "admittedOn": "2020-05-01",
        "treatFirstPayLater": True,
        **changes,
    }


async def events(service: ServiceUnderTest) -> list[Any]:
    rows = await service.pool.fetch("SELECT envelope FROM event_outbox ORDER BY sequence")
    return [decode(parse_envelope(r["envelope"])) for r in rows]


async def test_each_record_is_written_with_its_event(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    enrolled = (await service.client.data(ENROL, {"input": enrol_input(person)}))["enrolMedicalInsurance"]
    assert enrolled["covers"] == ["CRITICAL_ILLNESS", "MEDICAL_ASSISTANCE", "PRECISION_POVERTY"]
    signed = (await service.client.data(SIGN, {"input": sign_input(person)}))["signFamilyDoctor"]
    assert signed["clinic"] == "某社区卫生服务中心"
    admitted = (await service.client.data(ADMIT, {"input": admit_input(person)}))["recordAdmission"]
    assert admitted["county"] == {"code": "350583"}
    settled = await service.client.data(
        SETTLE,
        {
            "input": {
                "admissionId": admitted["id"],
                "settledOn": "2020-05-12",
                "totalFen": 800000,
                "reimbursedFen": 720000,
            }
        },
    )
    assert settled["recordSettlement"]["admissionId"] == admitted["id"]
    published = await events(service)
    assert [type(e) for e in published] == [
        pb.MedicalInsuranceEnrolled,
        pb.FamilyDoctorContractSigned,
        pb.PatientAdmitted,
        pb.HospitalBillSettled,
    ]
    enrolment = published[0]
    assert (enrolment.person_id, enrolment.year, enrolment.premium_fen, enrolment.version) == (
        person,
        2020,
        25000,
        1,
    )
    assert list(enrolment.covers) == [
        pb.MEDICAL_COVER_CRITICAL_ILLNESS,
        pb.MEDICAL_COVER_MEDICAL_ASSISTANCE,
        pb.MEDICAL_COVER_PRECISION_POVERTY,
    ]
    assert list(published[1].chronic_diseases) == [pb.CHRONIC_DISEASE_HYPERTENSION]
    assert published[3].person_id == person
    data = await service.client.data(ENTITY, {"r": [{"__typename": "Person", "id": person}], "asOf": None})
    health = data["_entities"][0]["health"]
    assert health["medicalInsurance"] == [{"year": 2020, "covers": enrolled["covers"]}]
    assert [len(health[k]) for k in ("familyDoctorContracts", "admissions", "settlements")] == [1, 1, 1]


async def test_bad_input_is_refused_and_nothing_written(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    cases: list[tuple[str, dict[str, Any], str, str]] = [
        (ENROL, enrol_input(person, enrolledOn="2999-01-01"), "enrolledOn", "VALIDATION_FAILED"),
        (ENROL, enrol_input(person, year=2022), "year", "VALIDATION_FAILED"),
        (ENROL, enrol_input(person, premiumFen=-1), "premiumFen", "VALIDATION_FAILED"),
        (ENROL, enrol_input(person, paidByGovernmentFen=30000), "paidByGovernmentFen", "VALIDATION_FAILED"),
        (ENROL, enrol_input(person, cityCode="999999"), "cityCode", "UNKNOWN_REGION"),
        (ENROL, enrol_input("nobody"), "personId", "NOT_FOUND"),
        (SIGN, sign_input(person, endsOn="2020-02-01"), "endsOn", "VALIDATION_FAILED"),
        (SIGN, sign_input(person, subsidyFen=1300), "subsidyFen", "VALIDATION_FAILED"),
        (SIGN, sign_input(person, clinic="  "), "clinic", "VALIDATION_FAILED"),
        (SIGN, sign_input(person, signedOn="2999-01-01", endsOn=None), "signedOn", "VALIDATION_FAILED"),
        (ADMIT, admit_input(person, designated=False), "treatFirstPayLater", "VALIDATION_FAILED"),
        (ADMIT, admit_input(person, countyCode="35"), "countyCode", "UNKNOWN_REGION"),
        (ADMIT, admit_input(person, admittedOn="2999-01-01"), "admittedOn", "VALIDATION_FAILED"),
    ]
    for mutation, data, field, code in cases:
        error = await service.client.error(mutation, {"input": data})
        assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field), data
    error = await service.client.error(
        SETTLE,
        {
            "input": {
                "admissionId": str(uuid.uuid4()),
                "settledOn": "2020-05-12",
                "totalFen": 1,
                "reimbursedFen": 0,
            }
        },
    )
    assert error["extensions"]["code"] == "NOT_FOUND"
    error = await service.client.error(ENROL, {"input": enrol_input(person, covers=["DENTAL"])})
    assert error["extensions"]["code"] in {"BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"}
    for table in ("medical_enrolments", "family_doctor_contracts", "admissions", "hospital_settlements"):
        assert await service.pool.fetchval(f"SELECT count(*) FROM {table}") == 0
    assert await service.pool.fetchval("SELECT count(*) FROM event_outbox") == 0


async def test_duplicates_conflict_and_settlements_follow_their_admission(service: ServiceUnderTest) -> None:
    person = str(uuid.uuid4())
    await service.client.data(ENROL, {"input": enrol_input(person)})
    error = await service.client.error(ENROL, {"input": enrol_input(person, enrolledOn="2020-01-05")})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("CONFLICT", "year")
    await service.client.data(SIGN, {"input": sign_input(person)})
    error = await service.client.error(
        SIGN, {"input": sign_input(person, signedOn="2021-02-28", endsOn=None)}
    )
    assert error["extensions"]["code"] == "CONFLICT"
    await service.client.data(SIGN, {"input": sign_input(person, signedOn="2021-03-01", endsOn=None)})
    admitted = (await service.client.data(ADMIT, {"input": admit_input(person)}))["recordAdmission"]
    error = await service.client.error(ADMIT, {"input": admit_input(person)})
    assert error["extensions"]["code"] == "CONFLICT"
    settle = {"admissionId": admitted["id"], "settledOn": "2020-04-30", "totalFen": 100, "reimbursedFen": 90}
    error = await service.client.error(SETTLE, {"input": settle})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "settledOn")
    error = await service.client.error(
        SETTLE, {"input": {**settle, "settledOn": "2020-05-01", "reimbursedFen": 101}}
    )
    assert error["extensions"]["field"] == "reimbursedFen"
    await service.client.data(SETTLE, {"input": {**settle, "settledOn": "2020-05-01"}})
    error = await service.client.error(SETTLE, {"input": {**settle, "settledOn": "2020-05-02"}})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("CONFLICT", "admissionId")
    assert await service.pool.fetchval("SELECT count(*) FROM event_outbox") == 5


async def _project_poor_rural(service: ServiceUnderTest, person: uuid.UUID) -> None:
    """Settlement's and social security's facts as the kit's projections hold them."""
    now = datetime.now(UTC)
    await service.pool.execute(
        """INSERT INTO hukou_facts VALUES ($1, 'RURAL', '350821', '2000-01-01', 1, $2,
           'fujian.events.settlement.v1.HukouChanged', $3)""",
        person,
        uuid.uuid4(),
        now,
    )
    await service.pool.execute(
        """INSERT INTO poverty_registration_facts VALUES ($1, $2, 'H-0001', '2016-05-01', NULL, 1, $3,
           'fujian.events.social_security.v1.PovertyRegistered', $4)""",
        uuid.uuid4(),
        person,
        uuid.uuid4(),
        now,
    )


async def test_entitlements_read_records_and_projections(service: ServiceUnderTest) -> None:
    poor, other = uuid.uuid4(), uuid.uuid4()
    await _project_poor_rural(service, poor)
    await service.client.data(ENROL, {"input": enrol_input(str(poor))})
    await service.client.data(SIGN, {"input": sign_input(str(poor))})
    data = await service.client.data(
        ENTITY,
        {"r": [{"__typename": "Person", "id": str(p)} for p in (poor, other)], "asOf": "2020-06-01"},
    )
    first, second = ({e["code"]: e for e in person["health"]["entitlements"]} for person in data["_entities"])
    premium = first["HEALTH_MEDICAL_INSURANCE_PREMIUM_SUBSIDY"]
    assert (premium["status"], premium["validTo"], premium["amount"]) == (
        "GRANTED",
        "2020-12-31",
        {"fen": 25000, "period": "YEARLY"},
    )
    departments = {f["department"] for r in premium["reasons"] for f in r["facts"]}
    assert departments == {"settlement", "social-security", "health"}
    assert first["HEALTH_POVERTY_INSURANCE_COVER"]["status"] == "GRANTED"
    assert first["HEALTH_FAMILY_DOCTOR_FEE_SUBSIDY"]["status"] == "GRANTED"
    assert first["HEALTH_CHRONIC_DISEASE_CONTRACT"]["status"] == "GRANTED"
    assert first["HEALTH_TREAT_FIRST_PAY_LATER"]["status"] == "ELIGIBLE"
    assert first["HEALTH_ONE_STOP_SETTLEMENT"]["status"] == "ELIGIBLE"
    assert second["HEALTH_MEDICAL_INSURANCE_PREMIUM_SUBSIDY"]["status"] == "INELIGIBLE"
    codes = [r["code"] for r in second["HEALTH_MEDICAL_INSURANCE_PREMIUM_SUBSIDY"]["reasons"]]
    assert codes == ["HUKOU_UNKNOWN", "NOT_REGISTERED_POOR"]
    assert second["HEALTH_POVERTY_INSURANCE_COVER"]["status"] == "INELIGIBLE"


async def test_current_state_republishes_every_record(service: ServiceUnderTest) -> None:
    from health.events import current_state

    person = str(uuid.uuid4())
    await service.client.data(ENROL, {"input": enrol_input(person)})
    await service.client.data(SIGN, {"input": sign_input(person)})
    async with service.pool.acquire() as conn, conn.transaction():
        state = [e async for e in current_state(conn)]
    assert [type(e) for e in state] == [pb.MedicalInsuranceEnrolled, pb.FamilyDoctorContractSigned]


async def test_a_person_registered_at_settlement_is_projected(serve: ServeFactory) -> None:
    settlement = await serve(SETTLEMENT)
    service = await serve(SPEC)
    registered = await settlement.client.data(
        "mutation R($input: RegisterPersonInput!) { registerPerson(input: $input) { id birthDate } }",
        {"input": {"name": "林小梅", "idNumber": make_id_number(birth=date(1990, 2, 3))}},
    )
    person = registered["registerPerson"]

    async def projected() -> bool:
        data = await service.client.data(
            ENTITY, {"r": [{"__typename": "Person", "id": person["id"]}], "asOf": None}
        )
        identity = data["_entities"][0]["health"]["identity"]
        return bool(
            identity == {"birthDate": "1990-02-03", "source": {"producer": "settlement", "version": 1}}
        )

    await eventually(projected)
