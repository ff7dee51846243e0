"""One fully populated example of every settlement event type (tests/contracts)."""

from __future__ import annotations

from google.protobuf.message import Message

from fujian.events.settlement.v1 import events_pb2 as settlement

SAMPLES: dict[str, Message] = {
    "fujian.events.settlement.v1.PersonRegistered": settlement.PersonRegistered(
        person_id="p-1",
        name="林小梅",
        birth_date="1990-02-03",
        sex=settlement.SEX_FEMALE,
        version=1,
    ),
    "fujian.events.settlement.v1.HukouChanged": settlement.HukouChanged(
        person_id="p-1",
        hukou_type=settlement.HUKOU_TYPE_RURAL,
        region_code="350122",
        recorded_on="2008-07-01",
        version=2,
    ),
    "fujian.events.settlement.v1.ResidencePermitIssued": settlement.ResidencePermitIssued(
        permit=settlement.ResidencePermit(
            permit_id="rp-1",
            person_id="p-1",
            city_code="350100",
            issued_on="2018-03-01",
            valid_until="2019-02-28",
        ),
        version=1,
    ),
    "fujian.events.settlement.v1.ResidencePermitRenewed": settlement.ResidencePermitRenewed(
        permit=settlement.ResidencePermit(
            permit_id="rp-1",
            person_id="p-1",
            city_code="350100",
            issued_on="2018-03-01",
            valid_until="2020-02-29",
        ),
        version=2,
    ),
    "fujian.events.settlement.v1.ResidencePermitRevoked": settlement.ResidencePermitRevoked(
        permit=settlement.ResidencePermit(
            permit_id="rp-1",
            person_id="p-1",
            city_code="350100",
            issued_on="2018-03-01",
            valid_until="2020-02-29",
            revoked_on="2019-06-30",
            reason="申请人已迁出本市",
        ),
        version=3,
    ),
    "fujian.events.settlement.v1.ResidencePermitExpired": settlement.ResidencePermitExpired(
        permit=settlement.ResidencePermit(
            permit_id="rp-2",
            person_id="p-1",
            city_code="350200",
            issued_on="2016-01-01",
            valid_until="2016-12-31",
        ),
        version=2,
    ),
    "fujian.events.settlement.v1.ResidencePeriodRecorded": settlement.ResidencePeriodRecorded(
        period_id="rs-1", person_id="p-1", city_code="350100", started_on="2017-09-01", version=1
    ),
    "fujian.events.settlement.v1.HouseholdMemberJoined": settlement.HouseholdMemberJoined(
        membership=settlement.HouseholdMembership(
            household_id="hh-1",
            person_id="p-1",
            relation=settlement.HOUSEHOLD_RELATION_CHILD,
            head_person_id="p-0",
            region_code="350821",
            joined_on="2012-04-05",
        ),
        version=1,
    ),
    "fujian.events.settlement.v1.HouseholdMemberLeft": settlement.HouseholdMemberLeft(
        membership=settlement.HouseholdMembership(
            household_id="hh-1",
            person_id="p-1",
            relation=settlement.HOUSEHOLD_RELATION_CHILD,
            head_person_id="p-0",
            region_code="350821",
            joined_on="2012-04-05",
            left_on="2030-09-01",
        ),
        version=2,
    ),
    "fujian.events.settlement.v1.SettlementDecided": settlement.SettlementDecided(
        application_id="sa-1",
        person_id="p-1",
        region_code="350203",
        applied_on="2020-06-01",
        outcome=settlement.SETTLEMENT_OUTCOME_APPROVED,
        decided_on="2020-07-01",
        reason="符合优先落户条件",
        rural_rights_kept=settlement.RuralRightsKept(
            land_contract=True, homestead=True, collective_income=True
        ),
        version=2,
    ),
}
