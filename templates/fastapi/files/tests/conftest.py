"""Fixtures: a prompts folder released like Promptyard does, the app wired to a fake upstream, a client."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.config import Settings, load_settings
from app.llm import make_provider
from app.main import create_app
from app.metrics import Metrics

from .fake_upstream import FakeUpstream

ECHO_V1 = """name: Echo
version: 1.0.0
model: openai/gpt-test
modelParameters:
  temperature: 0
  maxTokens: 50
inputs:
  text:
    type: string
  product:
    type: string
    default: the test app
messages:
  - role: system
    content: |
      You answer questions about {{product}}.
      {{> tone}}
  - role: user
    content: "{{text}}"
"""

ECHO_V2 = ECHO_V1.replace("version: 1.0.0", "version: 1.1.0").replace("You answer", "Version two answers")

INVOICE = """name: Invoice
version: 2.0.0
model: openai/gpt-test
responseFormat: json_schema
jsonSchema: |-
  {"name": "invoice", "schema": {"type": "object", "required": ["total"], "additionalProperties": false,
   "properties": {"total": {"type": "number"}}}}
messages:
  - role: system
    content: You extract invoice totals.
  - role: user
    content: "{{invoiceText}}"
"""

TEST_CANARY = "c0ffee1234abcd99"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode().replace(b"\r\n", b"\n")).hexdigest()


def write_prompts(root: Path, snapshots: dict[str, dict[str, str]], labels: dict[str, dict[str, str]]) -> Path:
    prompts = root / "prompts"
    (prompts / "partials").mkdir(parents=True, exist_ok=True)
    (prompts / "partials" / "tone.md").write_text("Be brief.\n", encoding="utf-8")
    lock: dict[str, Any] = {"lockfileVersion": 1, "prompts": {}}
    for pid, versions in snapshots.items():
        entry: dict[str, Any] = {"file": f"prompts/{pid}.prompt.yml", "labels": labels.get(pid, {}), "versions": {}}
        for version, text in versions.items():
            folder = prompts / ".versions" / pid
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{version}.prompt.yml").write_bytes(text.encode())
            entry["versions"][version] = {"createdAt": "2026-01-01T00:00:00.000Z", "message": "", "sha256": sha(text)}
        lock["prompts"][pid] = entry
    (prompts / "prompts.lock.json").write_text(json.dumps(lock, indent=2) + "\n", encoding="utf-8")
    return prompts


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_prompts(
        tmp_path,
        {"echo": {"1.0.0": ECHO_V1, "1.1.0": ECHO_V2}, "invoice": {"2.0.0": INVOICE}},
        {"echo": {"production": "1.0.0", "staging": "1.1.0"}, "invoice": {"production": "2.0.0"}},
    )
    prices = {"models": {"openai/gpt-test": {"input": 1.0, "output": 2.0}}}
    (tmp_path / "prices.json").write_text(json.dumps(prices), encoding="utf-8")
    return tmp_path


@pytest.fixture
def upstream() -> FakeUpstream:
    return FakeUpstream()


@pytest.fixture
def make_settings(project: Path) -> Callable[..., Settings]:
    def build(**overrides: Any) -> Settings:
        env = {
            "LLM_API_KEY": "sk-test-secret-key-0123456789",
            "LLM_PROVIDER": "openai-compatible",
            "LLM_BASE_URL": "http://upstream.test/v1",
            "LLM_MAX_RETRIES": "0",
            "PROMPTS_DIR": str(project / "prompts"),
            "PRICES_PATH": str(project / "prices.json"),
            "FEEDBACK_PATH": str(project / "data" / "feedback.jsonl"),
            "CANARY": TEST_CANARY,
            "RATE_LIMIT_RPS": "1000",
            "RATE_LIMIT_BURST": "1000",
        }
        env.update({k.upper(): str(v) for k, v in overrides.items()})
        return load_settings(env)

    return build


@pytest.fixture
def make_client(make_settings: Callable[..., Settings], upstream: FakeUpstream) -> Callable[..., Any]:
    """make_client(**env) -> an async context manager yielding (client, app)."""
    import contextlib

    @contextlib.asynccontextmanager
    async def build(**overrides: Any) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
        settings = make_settings(**overrides)
        provider = make_provider(
            settings.llm_provider,
            settings.llm_api_key,
            settings.llm_base_url,
            settings.llm_timeout_ms / 1000,
            settings.llm_max_retries,
            transport=upstream.transport,
        )
        app = create_app(settings, provider=provider, metrics=Metrics())
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://service.test") as client:
                yield client, app

    return build


def sse_events(body: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        events.append((lines["event"], json.loads(lines["data"])))
    return events
