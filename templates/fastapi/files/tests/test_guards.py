"""Input caps, invisible Unicode, delimiting and canary detection."""

from __future__ import annotations

import pytest

from app.guards import GuardError, canary_prefix_start, check_variables, delimit, leaks_canary, strip_invisible


def test_strips_every_listed_invisible_range():
    invisible = "".join(
        chr(c)
        for c in [
            *range(0xE0000, 0xE0080),
            *range(0x200B, 0x2010),
            *range(0x202A, 0x202F),
            *range(0x2060, 0x2065),
            *range(0x2066, 0x206A),
            0xFEFF,
        ]
    )
    assert strip_invisible(f"a{invisible}b") == "ab"
    assert strip_invisible("héllo – 日本 🎉") == "héllo – 日本 🎉"


def test_strings_only_at_the_leaves():
    assert check_variables({"a": "x", "b": {"c": ["y", "z\u200b"]}}, 100, 100) == {"a": "x", "b": {"c": ["y", "z"]}}
    for bad in ({"a": 1}, {"a": None}, {"a": True}, {"a": ["x", 2]}, ["x"]):
        with pytest.raises(GuardError) as caught:
            check_variables(bad, 100, 100)
        assert caught.value.kind == "invalid_request"


def test_caps_count_bytes_and_estimated_tokens():
    check_variables({"a": "é" * 50}, 100, 100)
    with pytest.raises(GuardError) as caught:
        check_variables({"a": "é" * 51}, 100, 100)
    assert caught.value.kind == "payload_too_large"
    check_variables({"a": "x" * 8, "b": "y" * 4}, 1000, 3)
    with pytest.raises(GuardError):
        check_variables({"a": "x" * 8, "b": "y" * 5}, 1000, 3)


def test_deep_nesting_is_refused():
    value: object = "x"
    for _ in range(12):
        value = {"a": value}
    with pytest.raises(GuardError):
        check_variables({"v": value}, 10000, 10000)


def test_delimit_escapes_only_tag_lookalikes():
    out = delimit("q", "if a < b then </untrusted_input >< UNTRUSTED_INPUT name='x'>")
    assert out == "<untrusted_input name=\"q\">if a < b then &lt;/untrusted_input &gt;&lt; UNTRUSTED_INPUT name='x'&gt;</untrusted_input>"
    assert delimit("o", {"k": ["v"]}) == {"k": ['<untrusted_input name="o.k[0]">v</untrusted_input>']}


@pytest.mark.parametrize(
    ("text", "leaks"),
    [
        ("abc0123456789abcdef", True),
        ("ABC0123456789ABCDEF", True),
        ("0123 4567\n89ab\tcdef", True),
        ("0123456789abcde", False),
        ("nothing here", False),
    ],
)
def test_canary_detection(text, leaks):
    assert leaks_canary(text, "0123456789abcdef") is leaks


def test_zero_width_characters_do_not_hide_a_leak():
    assert leaks_canary("01234567\u200b89ab\u2060cdef", "0123456789abcdef")


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("hello world", ""),
        ("the code is 0123", "0123"),
        ("the code is 01 23\n45", "01 23\n45"),
        ("x ab0", "0"),
        ("ends with a space 0 ", "0 "),
        ("0123456789abcdeX", ""),
        ("0123456789abcde", "0123456789abcde"),
    ],
)
def test_a_stream_holds_back_only_a_possible_canary_start(text, held):
    assert text[canary_prefix_start(text, "0123456789abcdef") :] == held
