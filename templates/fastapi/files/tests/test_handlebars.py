"""The stack-local Handlebars renderer: the shared render cases every stack passes, and its edges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.handlebars import TemplateError, js_number, render

CASES = json.loads((Path(__file__).parent / "render-cases.json").read_text(encoding="utf-8"))


def test_there_are_shared_cases():
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shared_render_case(case):
    assert render(case["template"], case["variables"], case.get("partials")) == case["expected"]


@pytest.mark.parametrize(
    ("template", "variables", "expected"),
    [
        ("{{a}}{{b}}", {"a": 1, "b": 2}, "12"),
        ("{{x}}", {"x": 1e21}, "1e+21"),
        ("{{x}}", {"x": 1.0}, "1"),
        ("{{x}}", {"x": 0.1}, "0.1"),
        ("{{x}}", {"x": 1e-7}, "1e-7"),
        ("{{x}}", {"x": [1, "b", None]}, "1,b,"),
        ("{{x}}", {"x": {"k": 1}}, "[object Object]"),
        ("{{#each o}}{{@key}}={{this}};{{/each}}", {"o": {"a": 1, "b": 2}}, "a=1;b=2;"),
        ("{{#each xs as |x i|}}{{i}}:{{x}} {{/each}}", {"xs": ["a", "b"]}, "0:a 1:b "),
        ("{{#each xs}}{{@index}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}}{{/each}}", {"xs": [1, 2, 3]}, "0F12L"),
        ("{{#each xs}}{{../p}}{{this}}{{/each}}", {"p": "-", "xs": [1, 2]}, "-1-2"),
        ("{{#if a}}A{{else if b}}B{{else}}C{{/if}}", {"a": 0, "b": []}, "C"),
        ("{{#with p}}{{name}}{{else}}none{{/with}}", {}, "none"),
        ("{{#t}}yes{{/t}}{{^f}}no{{/f}}", {"t": True, "f": False}, "yesno"),
        ("a\n  {{#if x}}\n  in\n  {{/if}}\nb", {"x": True}, "a\n  in\nb"),
        ("a  {{~x~}}  b", {"x": "X"}, "aXb"),
        ("\\{{x}} {{x}}", {"x": "v"}, "{{x}} v"),
        ("{{lookup o k}}", {"o": {"a": "A"}, "k": "a"}, "A"),
        ("{{@root.t}}{{#each xs}}{{@root.t}}{{/each}}", {"t": "T", "xs": [1]}, "TT"),
        ("{{xs.length}} {{xs.[1]}}", {"xs": ["a", "b"]}, "2 b"),
        ("{{[a b]}}", {"a b": "ok"}, "ok"),
    ],
)
def test_renders_like_handlebars_js(template, variables, expected):
    assert render(template, variables) == expected


def test_partials_indent_standalone_lines_and_take_a_context():
    partials = {"p": "one\ntwo\n", "q": "Name: {{name}}"}
    assert render("x\n  {{> p}}\ny", {}, partials) == "x\n  one\n  two\ny"
    assert render("{{> q person}}", {"person": {"name": "Ada"}}, partials) == "Name: Ada"
    assert render('{{> q name="Bob"}}', {}, partials) == "Name: Bob"


@pytest.mark.parametrize(
    ("template", "variables", "partials", "message"),
    [
        ("{{missing}}", {}, None, '"missing" not defined'),
        ("{{a.b}}", {"a": {}}, None, '"b" not defined'),
        ("{{#each xs}}{{this.nope}}{{/each}}", {"xs": [{"a": 1}]}, None, '"nope" not defined'),
        ("{{> nope}}", {}, {}, "partial nope could not be found"),
        ("{{> loop}}", {}, {"loop": "{{> loop}}"}, "too deeply"),
        ("{{upper x}}", {"x": "a"}, None, "Missing helper"),
        ("{{#if x}}a", {"x": 1}, None, "never closed"),
        ("{{#if x}}a{{/each}}", {"x": 1}, None, "doesn't match"),
        ("{{/if}}", {}, None, "never opened"),
        ("a {{b", {"b": 1}, None, "never closed"),
        ("{{else}}", {}, None, "outside a block"),
    ],
)
def test_errors_are_template_errors(template, variables, partials, message):
    with pytest.raises(TemplateError, match=message):
        render(template, variables, partials)


def test_if_with_a_missing_variable_is_not_strict():
    assert render("{{#if nope}}y{{else}}n{{/if}}", {}) == "n"


def test_js_number_formats():
    assert [js_number(v) for v in (0, -0.0, 5, 2.5, 123456789012345680000, 1e-6, -1.5e-7, float("inf"))] == [
        "0",
        "0",
        "5",
        "2.5",
        "123456789012345680000",
        "0.000001",
        "-1.5e-7",
        "Infinity",
    ]
