"""Service guides (clause 十八): for each entitlement, who qualifies, what to bring and
where to apply, in plain words, kept in a department's `guides.yaml` where the officers
who answer the phone can review them.

    SOCIAL_SECURITY_DIBAO:
      who: {zh: …, en: …}
      bring: [{zh: 居民身份证, en: Resident ID card}]
      where: {zh: …, en: …}
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from servicekit.entitlements.model import Guide, Text


class _Text(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def text(self) -> Text:
        return Text(self.zh, self.en)


class _Guide(BaseModel):
    model_config = ConfigDict(extra="forbid")
    who: _Text
    bring: list[_Text] = Field(min_length=1)
    where: _Text


class GuideError(ValueError):
    """A guides file that cannot be read, naming the file and what is wrong."""


def load_guides(path: Path) -> dict[str, Guide]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(raw, dict):
            raise GuideError(f"{path}: expected a mapping of entitlement codes")
        parsed = {str(code): _Guide.model_validate(body) for code, body in raw.items()}
    except (yaml.YAMLError, ValidationError) as exc:
        raise GuideError(f"{path}: {exc}") from exc
    return {
        code: Guide(who=g.who.text(), bring=[b.text() for b in g.bring], where=g.where.text())
        for code, g in parsed.items()
    }
