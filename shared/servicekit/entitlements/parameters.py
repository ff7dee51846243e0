"""Parameters: the numbers the policy leaves to cities, in dated, cited YAML files.

A parameter file maps a name to its description, unit and dated values. Each value has
an effective-from date, a citation, and either one value or values by region (the most
specific region code wins; `default` covers the rest). Where the policy gives no number,
the value is null and `set_by` says who sets it; a rule then says so in its answer
instead of inventing a figure.

    residence_years_required:
      description: Years of continuous residence a city may require for settling.
      unit: years
      values:
        - from: 2019-05-17
          by_region: {"350100": null}
          default: null
          set_by: 福州市人民政府
          note: The policy asks for shorter years and gives no number.
          reference: {clause: （十四）, quote: 适当缩短缴纳社保和连续居住年限}
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeAlias

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from servicekit.entitlements.model import POLICY, Fact, LegalBasis, Source

Scalar: TypeAlias = int | bool | str | None


class _Reference(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: str = POLICY.document
    clause: str
    quote: str


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    effective_from: date = Field(alias="from")
    value: Scalar = None
    by_region: dict[str, Scalar] | None = None
    default: Scalar = None
    reference: _Reference
    set_by: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> _Step:
        if self.by_region is not None and self.value is not None:
            raise ValueError("give either value or by_region (with default), not both")
        if self.by_region is None and self.default is not None:
            raise ValueError("default belongs with by_region")
        for code in self.by_region or {}:
            if len(code) != 6 or not code.isdigit():
                raise ValueError(f"by_region key {code!r} is not a six-digit region code")
        return self


class _Parameter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str
    unit: str
    values: list[_Step] = Field(min_length=1)

    @model_validator(mode="after")
    def _dated_in_order(self) -> _Parameter:
        days = [step.effective_from for step in self.values]
        if days != sorted(days) or len(set(days)) != len(days):
            raise ValueError("values must be in order of their from dates, one per date")
        return self


class ParameterError(ValueError):
    """A parameter file that cannot be read, naming the file and what is wrong."""


@dataclass(frozen=True)
class ParameterValue:
    """A parameter's value on a day (for a region), with where it came from."""

    name: str
    value: Scalar
    effective_from: date | None  # None: no value was in force that day
    basis: LegalBasis | None
    set_by: str | None
    note: str | None
    department: str

    @property
    def in_force(self) -> bool:
        return self.effective_from is not None

    def fact(self) -> Fact:
        """The value as a fact a decision used, traceable to its file entry."""
        shown = (
            "null"
            if self.value is None
            else str(self.value).lower()
            if isinstance(self.value, bool)
            else str(self.value)
        )
        since = self.effective_from.isoformat() if self.effective_from else "never"
        return Fact(
            name=f"parameter.{self.name}",
            value=shown,
            source=Source(department=self.department, record_id=f"{self.name}@{since}"),
        )


def _region_prefix(code: str) -> str:
    """`350100` covers every code starting `3501`; `350000` the province; `350102` itself."""
    prefix = code
    while prefix.endswith("00") and len(prefix) > 2:
        prefix = prefix[:-2]
    return prefix


class Parameters:
    """One department's parameters, read from its file."""

    def __init__(self, department: str, parameters: dict[str, _Parameter], path: Path | None = None) -> None:
        self.department = department
        self._parameters = parameters
        self.path = path

    @classmethod
    def load(cls, department: str, path: Path) -> Parameters:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if not isinstance(raw, dict):
                raise ParameterError(f"{path}: expected a mapping of parameter names")
            parsed = {str(name): _Parameter.model_validate(body) for name, body in raw.items()}
        except (yaml.YAMLError, ValidationError) as exc:
            raise ParameterError(f"{path}: {exc}") from exc
        return cls(department, parsed, path)

    @property
    def names(self) -> list[str]:
        return sorted(self._parameters)

    def get(self, name: str, as_of: date, region: str | None = None) -> ParameterValue:
        """The value in force on `as_of` for `region` (or the single value)."""
        parameter = self._parameters.get(name)
        if parameter is None:
            raise KeyError(f"{self.department} has no parameter {name!r}")
        steps = [step for step in parameter.values if step.effective_from <= as_of]
        if not steps:
            return ParameterValue(name, None, None, None, None, "not yet in force", self.department)
        step = steps[-1]
        value = step.value
        if step.by_region is not None:
            value = step.default
            covering = [
                code
                for code in step.by_region
                if region is not None and region.startswith(_region_prefix(code))
            ]
            if covering:
                value = step.by_region[max(covering, key=lambda code: len(_region_prefix(code)))]
        basis = LegalBasis(
            clause=step.reference.clause, quote=step.reference.quote, document=step.reference.document
        )
        return ParameterValue(
            name, value, step.effective_from, basis, step.set_by, step.note, self.department
        )
