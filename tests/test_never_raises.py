"""The parser never raises, whatever the text: control characters, lone surrogates, odd
line ends, random markup, or realistic layouts in unlikely orders.

The number of examples per test comes from ``NEWSARCHIVE_HYPOTHESIS_EXAMPLES`` (default
500), so a long run can do ``NEWSARCHIVE_HYPOTHESIS_EXAMPLES=10000 pytest tests/test_never_raises.py``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsarchive.serialize import parsed_json

from parsekit import HYPOTHESIS_EXAMPLES, composed_text, parse_text

SETTINGS = settings(max_examples=HYPOTHESIS_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text: str) -> None:
    pf = parse_text(text)
    parsed_json(pf)  # the serialisation must not fail either
    assert pf.line_count == text.count("\n") + 1


@SETTINGS
@given(st.text())  # any characters: control characters, surrogates, NUL, RTL marks, emoji…
@example("")
@example("\x00\x01\x02\x1b[31m\x7f")
@example("\ud800")  # a lone surrogate
@example("\r\n\r\n\u2028\u2029\x0b\x0c\x85")
@example("##\n**\n****\n<b>\n</b>\n<>\n——\n--\t--\n(\n)")
@example("本报讯(")
@example("本报讯(记者 )")
def test_arbitrary_text_never_raises(text):
    check(text)


@SETTINGS
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120), max_size=60).map("\n".join))
def test_arbitrary_lines_never_raise(text):
    check(text)


@SETTINGS
@given(composed_text)
def test_composed_pages_never_raise(text):
    check(text)
