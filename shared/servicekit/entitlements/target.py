"""Who the policy is for: the target-person test, once, for every department.

A *rural poor person who has moved to a city* (进城农村贫困人口) holds a rural hukou, is a
registered poor person (建档立卡) not lifted out of poverty, and has worked or lived in a
city for one year or more (在城镇工作生活一年以上; "以上" includes the bound: the first
anniversary of arriving qualifies). A department passes the facts its projections hold;
the answer names each condition with the facts it used, and for someone who has not yet
been in the city for a year, the day they will have been.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from servicekit.entitlements.model import Fact, Missing, Reason, Source, Status, Text
from servicekit.entitlements.parameters import Parameters

# The test's own parameters (the one year), the same for every department.
PARAMETERS = Parameters.load("policy", Path(__file__).with_name("parameters.yaml"))

SETTLEMENT = "settlement"
SOCIAL_SECURITY = "social-security"
EMPLOYMENT = "employment"


class StayKind(StrEnum):
    RESIDENCE = "RESIDENCE"  # a residence period settlement recorded (生活)
    EMPLOYMENT = "EMPLOYMENT"  # an employment record (工作)


@dataclass(frozen=True)
class Hukou:
    type: str  # RURAL or URBAN
    region: str
    recorded_on: date
    source: Source


@dataclass(frozen=True)
class PovertyRegistration:
    household_number: str
    registered_on: date
    lifted_on: date | None
    source: Source

    def registered_on_day(self, day: date) -> bool:
        return self.registered_on <= day and (self.lifted_on is None or self.lifted_on > day)


@dataclass(frozen=True)
class CityStay:
    kind: StayKind
    region: str  # where the person lives or works, a county- or city-level code
    started_on: date
    ended_on: date | None
    source: Source

    @property
    def city(self) -> str:
        """The prefecture-level city: stays in two districts of one city add up."""
        return self.region[:4] + "00"


@dataclass(frozen=True)
class TargetFacts:
    """The facts the test needs. `hukou` is every registration the department holds
    (settlement holds the history; a projection may hold only the latest)."""

    hukou: Sequence[Hukou]
    poverty: Sequence[PovertyRegistration]
    stays: Sequence[CityStay]


@dataclass(frozen=True)
class TargetResult:
    status: Status  # ELIGIBLE (a target person), INELIGIBLE or NEEDS_INFORMATION
    reasons: Sequence[Reason]
    city: str | None = None  # the city where the person has been a year or more
    region: str | None = None  # the most recent stay's own region code in that city
    in_city_since: date | None = None
    eligible_from: date | None = None  # when not yet a year in the city
    valid_to: date | None = None  # the last day of a stay known to end

    @property
    def is_target(self) -> bool:
        return self.status is Status.ELIGIBLE


def anniversary(start: date, years: int) -> date:
    """The day `years` years after `start`; 29 February's anniversary is 1 March."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def _hukou_fact(hukou: Hukou) -> Fact:
    return Fact("hukou", f"{hukou.type} {hukou.region} from {hukou.recorded_on.isoformat()}", hukou.source)


def _poverty_fact(registration: PovertyRegistration) -> Fact:
    lifted = f", lifted {registration.lifted_on.isoformat()}" if registration.lifted_on else ""
    return Fact(
        "povertyRegistration",
        f"{registration.household_number} registered {registration.registered_on.isoformat()}{lifted}",
        registration.source,
    )


def _stay_fact(stay: CityStay) -> Fact:
    until = stay.ended_on.isoformat() if stay.ended_on else "ongoing"
    name = "residencePeriod" if stay.kind is StayKind.RESIDENCE else "employment"
    return Fact(name, f"{stay.region} from {stay.started_on.isoformat()} to {until}", stay.source)


def hukou_on(hukou: Sequence[Hukou], day: date) -> Hukou | None:
    known = [h for h in hukou if h.recorded_on <= day]
    return max(known, key=lambda h: h.recorded_on) if known else None


def _hukou_reason(facts: TargetFacts, day: date) -> Reason:
    current = hukou_on(facts.hukou, day)
    if current is None:
        return Reason(
            "HUKOU_UNKNOWN",
            Text(f"{day.isoformat()} 的户口登记情况未知。", f"The hukou on {day.isoformat()} is not known."),
            met=False,
            facts=[_hukou_fact(h) for h in facts.hukou],
            missing=Missing("hukou", SETTLEMENT),
        )
    if current.type != "RURAL":
        return Reason(
            "NOT_RURAL_HUKOU",
            Text("户口不是农业户口。", "The hukou is not rural."),
            met=False,
            facts=[_hukou_fact(current)],
        )
    return Reason("RURAL_HUKOU", Text("农业户口。", "Rural hukou."), met=True, facts=[_hukou_fact(current)])


def registered_poor(poverty: Sequence[PovertyRegistration], day: date) -> PovertyRegistration | None:
    current = [r for r in poverty if r.registered_on_day(day)]
    return max(current, key=lambda r: r.registered_on) if current else None


def poverty_reason(poverty: Sequence[PovertyRegistration], day: date) -> Reason:
    """Registered poor on `day`: registered on or before it and not lifted by it."""
    current = registered_poor(poverty, day)
    if current is not None:
        return Reason(
            "REGISTERED_POOR",
            Text("建档立卡贫困人口。", "A registered poor person (建档立卡)."),
            met=True,
            facts=[_poverty_fact(current)],
        )
    lifted = [r for r in poverty if r.lifted_on is not None and r.lifted_on <= day]
    if lifted:
        latest = max(lifted, key=lambda r: r.lifted_on or r.registered_on)
        assert latest.lifted_on is not None
        return Reason(
            "POVERTY_LIFTED",
            Text(
                f"已于 {latest.lifted_on.isoformat()} 脱贫。",
                f"Lifted out of poverty on {latest.lifted_on.isoformat()}.",
            ),
            met=False,
            facts=[_poverty_fact(latest)],
        )
    return Reason(
        "NOT_REGISTERED_POOR",
        Text("不是建档立卡贫困人口。", "Not a registered poor person (建档立卡)."),
        met=False,
        facts=[_poverty_fact(r) for r in poverty],
    )


@dataclass(frozen=True)
class _Spell:
    city: str
    started_on: date
    ended_on: date | None
    stays: tuple[CityStay, ...]


def _spells(stays: Sequence[CityStay]) -> list[_Spell]:
    """Stays in one city that touch or overlap, joined: moving from living to working in
    the same city, or between two of its districts, does not restart the year."""
    spells: list[_Spell] = []
    by_city: dict[str, list[CityStay]] = {}
    for stay in stays:
        by_city.setdefault(stay.city, []).append(stay)
    for city, city_stays in by_city.items():
        current: _Spell | None = None
        for stay in sorted(city_stays, key=lambda s: s.started_on):
            if current is not None and (
                current.ended_on is None or stay.started_on <= current.ended_on + timedelta(days=1)
            ):
                ended = (
                    None
                    if current.ended_on is None or stay.ended_on is None
                    else max(current.ended_on, stay.ended_on)
                )
                current = _Spell(city, current.started_on, ended, (*current.stays, stay))
            else:
                if current is not None:
                    spells.append(current)
                current = _Spell(city, stay.started_on, stay.ended_on, (stay,))
        if current is not None:
            spells.append(current)
    return spells


def target_person(facts: TargetFacts, day: date, params: Parameters = PARAMETERS) -> TargetResult:
    """Is the person a target person on `day`, and in which city?"""
    years = params.get("years_in_city", day)
    required = int(years.value) if isinstance(years.value, int) else 1
    hukou = _hukou_reason(facts, day)
    poverty = poverty_reason(facts.poverty, day)

    ongoing = [
        s for s in _spells(facts.stays) if s.started_on <= day and (s.ended_on is None or s.ended_on >= day)
    ]
    qualifying = [s for s in ongoing if anniversary(s.started_on, required) <= day]
    city_reason: Reason
    spell: _Spell | None = None
    eligible_from: date | None = None
    if qualifying:
        spell = min(qualifying, key=lambda s: s.started_on)
        since = anniversary(spell.started_on, required)
        city_reason = Reason(
            "IN_CITY_ONE_YEAR",
            Text(
                f"自 {spell.started_on.isoformat()} 起在城镇工作生活，{since.isoformat()} 满 {required} 年。",
                f"Working or living in the city since {spell.started_on.isoformat()}: "
                f"{required} year(s) on {since.isoformat()}.",
            ),
            met=True,
            facts=[_stay_fact(s) for s in spell.stays] + [years.fact()],
        )
    elif ongoing:
        spell = min(ongoing, key=lambda s: s.started_on)
        reached = anniversary(spell.started_on, required)
        if spell.ended_on is None or spell.ended_on >= reached:
            eligible_from = reached
        city_reason = Reason(
            "IN_CITY_LESS_THAN_ONE_YEAR",
            Text(
                f"在城镇工作生活不满 {required} 年：自 {spell.started_on.isoformat()} 起，"
                f"{reached.isoformat()} 满。",
                f"In the city less than {required} year(s): since {spell.started_on.isoformat()}, "
                f"reached on {reached.isoformat()}.",
            ),
            met=False,
            facts=[_stay_fact(s) for s in spell.stays] + [years.fact()],
        )
    else:
        city_reason = Reason(
            "NOT_IN_CITY",
            Text(
                f"{day.isoformat()} 没有在城镇工作或居住的记录。",
                f"No record of working or living in a city on {day.isoformat()}.",
            ),
            met=False,
            facts=[_stay_fact(s) for s in facts.stays],
        )

    conditions = [hukou, poverty, city_reason]
    unmet = [r for r in conditions if not r.met]
    if not unmet:
        assert spell is not None
        latest = max(spell.stays, key=lambda s: s.started_on)
        return TargetResult(
            Status.ELIGIBLE,
            [
                Reason(
                    "TARGET_PERSON",
                    Text(
                        "进城农村贫困人口：农业户口、建档立卡、在城镇工作生活一年以上。",
                        "A rural poor person who moved to a city: rural hukou, registered poor, "
                        "a year or more working or living in the city.",
                    ),
                    met=True,
                    facts=[f for r in conditions for f in r.facts],
                )
            ],
            city=spell.city,
            region=latest.region,
            in_city_since=spell.started_on,
            valid_to=spell.ended_on,
        )
    status = Status.NEEDS_INFORMATION if all(r.missing is not None for r in unmet) else Status.INELIGIBLE
    only_time_missing = unmet == [city_reason] and eligible_from is not None
    return TargetResult(
        status,
        unmet,
        city=spell.city if spell else None,
        in_city_since=spell.started_on if spell else None,
        eligible_from=eligible_from if only_time_missing else None,
    )
