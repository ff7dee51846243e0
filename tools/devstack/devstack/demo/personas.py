"""Demo personas: a few dozen Fujian residents made by a seeded generator (the same people
every time), whose records each department's demo module loads through the gateway.

All ID numbers are synthetic: real region codes and birth dates with valid check digits.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from servicekit.errors import InvalidIdNumber
from servicekit.identity import check_digit, fujian_counties, parse_id_number

SEED = 20190517  # the policy's signing date
SURNAMES = "林陈黄张吴王李郑刘杨许蔡曾谢洪邱苏庄江叶".replace("", " ").split()
GIVEN = "志伟秀英建华丽芳明辉婷玉兰国强海燕文彬雪梅金凤晓东春生美玲德福荣".replace("", " ").split()
CITIES = ["350100", "350200", "350300", "350500", "350600", "350800"]  # 福州 厦门 莆田 泉州 漳州 龙岩


@dataclass(frozen=True)
class DemoPerson:
    name: str
    id_number: str
    rural: bool
    hukou_region: str
    hukou_recorded_on: date
    city: str
    moved_on: date
    permit_issued_on: date | None
    poverty_registered_on: date | None
    household_number: str | None
    poverty_lifted_on: date | None


def _valid_identity(rng: random.Random, counties: list[str]) -> tuple[str, date, str]:
    """A county, a birth date and an ID number that stdnum accepts (the county existed
    in the birth year), drawn again until they fit."""
    while True:
        region = rng.choice(counties)
        birth = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 38))
        first17 = f"{region}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
        try:
            resident = parse_id_number(first17 + check_digit(first17))
        except InvalidIdNumber:
            continue
        return region, birth, resident.number


def generate(count: int = 40, seed: int = SEED) -> list[DemoPerson]:
    rng = random.Random(seed)
    counties = fujian_counties()
    people: list[DemoPerson] = []
    for i in range(count):
        region, birth, id_number = _valid_identity(rng, counties)
        rural = rng.random() < 0.8
        moved_on = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 365 * 8))
        poor = rural and rng.random() < 0.7
        registered = date(2014, 1, 1) + timedelta(days=rng.randrange(0, 700)) if poor else None
        lifted = (
            date(2019, 1, 1) + timedelta(days=rng.randrange(0, 700)) if poor and rng.random() < 0.3 else None
        )
        people.append(
            DemoPerson(
                name=rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice([1, 2]))),
                id_number=id_number,
                rural=rural,
                hukou_region=region,
                hukou_recorded_on=birth,
                city=rng.choice(CITIES),
                moved_on=moved_on,
                permit_issued_on=moved_on + timedelta(days=rng.randrange(180, 400))
                if rng.random() < 0.75
                else None,
                poverty_registered_on=registered,
                household_number=f"{region}-{i + 1:05d}" if poor else None,
                poverty_lifted_on=lifted,
            )
        )
    return people


@dataclass(frozen=True)
class Resident:
    """A persona once settlement registered it: `id` is its Person.id."""

    id: str
    person: DemoPerson
