"""Loading prompts through the lock file: labels, versions, sha256 verification."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.prompts import PromptError, PromptRegistry, content_hash, semver_key

from .conftest import ECHO_V1, ECHO_V2, INVOICE, write_prompts


def registry(tmp_path: Path, labels=None) -> PromptRegistry:
    write_prompts(
        tmp_path,
        {"echo": {"1.0.0": ECHO_V1, "1.1.0": ECHO_V2, "1.1.0-rc.1": ECHO_V2.replace("1.1.0", "1.1.0-rc.1")}, "invoice": {"2.0.0": INVOICE}},
        labels if labels is not None else {"echo": {"production": "1.0.0", "staging": "1.1.0"}},
    )
    return PromptRegistry(tmp_path / "prompts")


def test_resolves_labels_versions_and_latest(tmp_path):
    r = registry(tmp_path)
    assert r.resolve("echo@production") == ("echo", "1.0.0")
    assert r.resolve("echo@staging") == ("echo", "1.1.0")
    assert r.resolve("echo") == ("echo", "1.0.0")
    assert r.resolve("echo@latest") == ("echo", "1.1.0")
    assert r.resolve("echo@1.1.0-rc.1") == ("echo", "1.1.0-rc.1")
    assert r.resolve("invoice") == ("invoice", "2.0.0")  # no production label: the highest version


@pytest.mark.parametrize(
    ("ref", "code"),
    [("nope@production", "unknown-id"), ("echo@9.9.9", "unknown-version"), ("echo@canary", "unknown-label"), ("../x", "unknown-id")],
)
def test_resolution_errors(tmp_path, ref, code):
    with pytest.raises(PromptError) as caught:
        registry(tmp_path).resolve(ref)
    assert caught.value.code == code


def test_semver_precedence():
    versions = ["1.0.0", "1.0.0-rc.1", "1.0.0-alpha", "1.0.0-alpha.1", "0.9.10", "1.0.0-rc.11", "1.0.0-rc.2", "0.10.0"]
    assert sorted(versions, key=semver_key) == [
        "0.9.10",
        "0.10.0",
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-rc.1",
        "1.0.0-rc.2",
        "1.0.0-rc.11",
        "1.0.0",
    ]


def test_parses_the_snapshot(tmp_path):
    prompt = registry(tmp_path).load("echo@production")
    assert (prompt.id, prompt.version, prompt.provider, prompt.model) == ("echo", "1.0.0", "openai", "gpt-test")
    assert prompt.parameters == {"temperature": 0, "maxTokens": 50}
    assert prompt.defaults == {"product": "the test app"}
    assert [m.role for m in prompt.messages] == ["system", "user"]
    invoice = registry(tmp_path).load("invoice")
    assert invoice.json_schema is not None and invoice.json_schema["required"] == ["total"]
    assert invoice.schema_name == "invoice"


def test_content_hash_ignores_crlf_only():
    assert content_hash(b"a\r\nb\n") == content_hash(b"a\nb\n")
    assert content_hash(b"a\rb") != content_hash(b"a\nb")


def test_crlf_checkout_still_verifies(tmp_path):
    r = registry(tmp_path)
    snapshot = tmp_path / "prompts" / ".versions" / "echo" / "1.0.0.prompt.yml"
    snapshot.write_bytes(snapshot.read_bytes().replace(b"\n", b"\r\n"))
    assert r.load("echo@production").version == "1.0.0"


def test_an_edited_snapshot_is_refused_naming_the_file(tmp_path):
    r = registry(tmp_path)
    snapshot = tmp_path / "prompts" / ".versions" / "echo" / "1.0.0.prompt.yml"
    snapshot.write_text(ECHO_V1.replace("Be", "Never be"), encoding="utf-8")
    snapshot.write_text(ECHO_V1 + "# edited\n", encoding="utf-8")
    with pytest.raises(PromptError, match=re.escape("1.0.0.prompt.yml")) as caught:
        r.load("echo@production")
    assert caught.value.code == "snapshot-edited"


def test_a_missing_snapshot(tmp_path):
    r = registry(tmp_path)
    (tmp_path / "prompts" / ".versions" / "echo" / "1.1.0.prompt.yml").unlink()
    with pytest.raises(PromptError) as caught:
        r.load("echo@staging")
    assert caught.value.code == "snapshot-missing"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("{not json", "lock-invalid-json"),
        (json.dumps({"lockfileVersion": 2, "prompts": {}}), "lock-version"),
        (json.dumps({"lockfileVersion": 1}), "lock-schema"),
    ],
)
def test_bad_lock_files(tmp_path, content, code):
    registry(tmp_path)
    (tmp_path / "prompts" / "prompts.lock.json").write_text(content, encoding="utf-8")
    with pytest.raises(PromptError) as caught:
        PromptRegistry(tmp_path / "prompts")
    assert caught.value.code == code


def test_partials_are_read(tmp_path):
    assert registry(tmp_path).partials == {"tone": "Be brief.\n"}


def test_the_service_refuses_to_start_with_an_edited_snapshot(make_settings, project):
    from app.main import create_app

    snapshot = project / "prompts" / ".versions" / "echo" / "1.1.0.prompt.yml"
    snapshot.write_text("edited", encoding="utf-8")
    with pytest.raises(PromptError, match=re.escape("1.1.0.prompt.yml")):
        create_app(make_settings())
