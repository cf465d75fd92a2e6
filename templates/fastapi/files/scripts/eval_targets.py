"""Prints the snapshot of every prompt at a label (default: PROMPT_LABEL or production), one path a line.

CI's eval gate runs: python scripts/eval_targets.py | xargs --no-run-if-empty npx promptyard eval
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.prompts import PromptError, PromptRegistry


def main() -> int:
    label = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PROMPT_LABEL", "production")
    root = Path(__file__).resolve().parent.parent / "prompts"
    registry = PromptRegistry(root)
    for pid in registry.ids():
        try:
            _, version = registry.resolve(f"{pid}@{label}")
        except PromptError:
            continue
        print(f"prompts/.versions/{pid}/{version}.prompt.yml")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
