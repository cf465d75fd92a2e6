"""JSON logs: one object per line with the contract's fields, secrets redacted."""

from __future__ import annotations

import json
import logging

from app.logs import JsonFormatter, Redactor


def format_record(msg: str, secrets=(), **fields) -> dict:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, msg, None, None)
    for k, v in fields.items():
        setattr(record, k, v)
    return json.loads(JsonFormatter(Redactor(secrets)).format(record))


def test_fields_and_shape():
    entry = format_record("done", request_id="r1", prompt_id="p", input_tokens=3, cost_usd=0.5, retries=1, status=200)
    assert entry["msg"] == "done" and entry["level"] == "info" and entry["ts"].endswith("Z")
    assert {k: entry[k] for k in ("request_id", "prompt_id", "input_tokens", "cost_usd", "retries", "status")} == {
        "request_id": "r1",
        "prompt_id": "p",
        "input_tokens": 3,
        "cost_usd": 0.5,
        "retries": 1,
        "status": 200,
    }


def test_configured_secrets_and_key_shaped_values_are_redacted():
    entry = format_record(
        "calling with my-configured-secret and sk-abcdefghijklmnop1234 Authorization: Bearer tok_1234567890 api_key=hunter2xx",
        secrets=["my-configured-secret"],
        error="key sk-ant-api03-zzzzzzzzzzzz",
    )
    text = json.dumps(entry)
    for leaked in ("my-configured-secret", "sk-abcdefghijklmnop1234", "tok_1234567890", "hunter2xx", "sk-ant-api03"):
        assert leaked not in text
    assert text.count("[redacted]") >= 4


def test_ordinary_ids_survive():
    entry = format_record("ok", request_id="3f2b9c1e8a7d4b6f9e0a1b2c3d4e5f60")
    assert entry["request_id"] == "3f2b9c1e8a7d4b6f9e0a1b2c3d4e5f60"
