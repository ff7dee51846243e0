"""Names and short labels: whitespace collapsed, control and invisible characters refused."""

from __future__ import annotations

import pytest

from servicekit.errors import ValidationFailed
from servicekit.values import clean_name, clean_text


def test_whitespace_is_collapsed() -> None:
    assert clean_name("  林  秀英\n") == "林 秀英"


@pytest.mark.parametrize("text", ["林\x00秀英", "林\u202e英秀", "林\u200b秀英", "林\x1b[31m秀英"])
def test_control_and_invisible_characters_are_refused(text: str) -> None:
    with pytest.raises(ValidationFailed, match="control or invisible") as refused:
        clean_name(text, field="employer")
    assert refused.value.field == "employer"


def test_length_and_emptiness_are_checked() -> None:
    with pytest.raises(ValidationFailed, match="empty"):
        clean_name("   ")
    with pytest.raises(ValidationFailed, match="at most 5"):
        clean_name("一二三四五六", max_length=5)


def test_free_text_is_bounded_and_refuses_control_characters() -> None:
    assert clean_text("  退回\n 材料不全 ", field="reason", max_length=20) == "退回 材料不全"
    assert clean_text("", field="reason", max_length=20, required=False) == ""
    with pytest.raises(ValidationFailed, match="reason cannot be empty"):
        clean_text(" ", field="reason", max_length=20)
    with pytest.raises(ValidationFailed, match="control or invisible"):
        clean_text("材料\x00不全", field="reason", max_length=20)
    with pytest.raises(ValidationFailed, match="at most 3"):
        clean_text("材料不全", field="reason", max_length=3)
