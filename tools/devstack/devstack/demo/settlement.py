"""Settlement's demo records: each resident's hukou, residence period and permit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from devstack.demo.gateway import Gateway
from devstack.demo.personas import Resident

HUKOU = """mutation Hukou($input: RecordHukouInput!) { recordHukou(input: $input) { id } }"""
PERIOD = """mutation Period($input: RecordResidencePeriodInput!) {
  recordResidencePeriod(input: $input) { id } }"""
PERMIT = """mutation Permit($input: IssueResidencePermitInput!) {
  issueResidencePermit(input: $input) { id } }"""


def load(gateway: Gateway, residents: Sequence[Resident]) -> None:
    for r in residents:
        p = r.person
        gateway(
            HUKOU,
            {
                "input": {
                    "personId": r.id,
                    "type": "RURAL" if p.rural else "URBAN",
                    "regionCode": p.hukou_region,
                    "recordedOn": p.hukou_recorded_on.isoformat(),
                }
            },
        )
        gateway(
            PERIOD, {"input": {"personId": r.id, "cityCode": p.city, "startedOn": p.moved_on.isoformat()}}
        )
        if p.permit_issued_on:
            gateway(
                PERMIT,
                {
                    "input": {
                        "personId": r.id,
                        "cityCode": p.city,
                        "issuedOn": p.permit_issued_on.isoformat(),
                        "validUntil": (p.permit_issued_on + timedelta(days=5 * 365)).isoformat(),
                    }
                },
            )
