"""Costs from prices.json (US dollars per 1M tokens); unknown models cost 0 and warn once."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger("app.pricing")


class Prices:
    def __init__(self, table: dict[str, Any] | None = None) -> None:
        table = table or {}
        self.models: dict[str, dict[str, float]] = dict(table.get("models", {}))
        self.aliases: dict[str, str] = dict(table.get("aliases", {}))
        self.free: list[str] = list(table.get("free", []))
        self._warned: set[str] = set()

    @classmethod
    def load(cls, path: str | Path) -> Prices:
        try:
            return cls(json.loads(Path(path).read_text(encoding="utf-8")))
        except FileNotFoundError:
            log.warning("no price table", extra={"error": f"{path} not found; every model costs 0"})
            return cls()

    def cost(self, provider: str, model: str, input_tokens: int, output_tokens: int) -> float:
        for name in (f"{provider}/{model}", model):
            name = self.aliases.get(name, name)
            price = self.models.get(name)
            if price is not None:
                usd = input_tokens * float(price.get("input", 0)) + output_tokens * float(price.get("output", 0))
                return round(usd / 1_000_000, 10)
        if provider in self.free:
            return 0.0
        if model not in self._warned:
            self._warned.add(model)
            log.warning("no price for model; it costs 0", extra={"model": f"{provider}/{model}"})
        return 0.0
