"""The prompts this project was generated with load, verify and render with their test data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.guards import render_messages
from app.prompts import PromptRegistry

ROOT = Path(__file__).resolve().parent.parent / "prompts"
REGISTRY = PromptRegistry(ROOT) if (ROOT / "prompts.lock.json").exists() else None
IDS = REGISTRY.ids() if REGISTRY else []


@pytest.mark.skipif(REGISTRY is None, reason="no prompts/prompts.lock.json in this checkout")
@pytest.mark.parametrize("prompt_id", IDS)
def test_project_prompt_loads_and_renders(prompt_id):
    assert REGISTRY is not None
    prompt = REGISTRY.load(prompt_id)
    snapshot = ROOT / ".versions" / prompt_id / f"{prompt.version}.prompt.yml"
    rows = (yaml.safe_load(snapshot.read_text(encoding="utf-8")) or {}).get("testData") or [{}]
    variables = {k: v if isinstance(v, str) else str(v) for k, v in rows[0].items() if k not in ("expected", "assert")}
    messages = render_messages(prompt, variables, REGISTRY.partials, "0123456789abcdef")
    assert messages[0]["role"] == "system" and "[canary:0123456789abcdef]" in messages[0]["content"]
    assert all(m["content"] for m in messages)
