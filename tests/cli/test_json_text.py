"""`--json` is written by json_text: byte for byte what `json.dumps(indent=2)` writes, a
list of flat rows by a faster path; control characters escaped as before."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui.cli.context import _jsonable, json_text
from followup_tui.safe_text import _PICTURES, escaped

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40)
)
ROWS = st.lists(st.dictionaries(st.text(max_size=10), SCALARS, max_size=6), max_size=6)


def dumped(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=_jsonable)


@settings(max_examples=300, deadline=None)
@given(ROWS)
def test_flat_rows_are_written_as_json_dumps_writes_them(rows: list[dict[str, object]]) -> None:
    assert json_text(rows) == dumped(rows)


def test_anything_else_is_json_dumps_itself() -> None:
    value: object
    for value in (
        {"a": [1, 2], "b": {"c": date(2026, 1, 2)}},
        [{"a": [1]}, {"b": 2}],
        [{"when": date(2026, 1, 2)}],
        [1, "two", None],
        [],
        [{}],
        None,
    ):
        assert json_text(value) == dumped(value)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_escaped_writes_every_drawn_character_as_an_escape(text: str) -> None:
    expected = "".join(f"\\u{ord(ch):04x}" if ord(ch) in _PICTURES else ch for ch in text)
    assert escaped(text) == expected
    assert escaped("\x1b[31m\u202e\x85\x7f ok") == "\\u001b[31m\\u202e\\u0085\\u007f ok"
