"""Configuration from the environment, validated once at start-up."""

from __future__ import annotations

import json
import sys
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .defaults import DEFAULT_PROVIDER

Provider = Literal["openai", "anthropic", "openai-compatible"]


class Settings(BaseSettings):
    """Every variable of the service contract. Names are the upper-case field names."""

    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", populate_by_name=True)

    # a container listens on every interface; set HOST to narrow it
    host: str = "0.0.0.0"  # nosec B104
    port: int = Field(8080, ge=0, le=65535)
    llm_provider: Provider = DEFAULT_PROVIDER  # type: ignore[assignment]
    llm_base_url: str | None = None
    llm_api_key: str = Field(min_length=1, repr=False)
    llm_fallback_model: str | None = None
    llm_timeout_ms: int = Field(30000, gt=0)
    llm_max_retries: int = Field(2, ge=0, le=10)
    request_deadline_ms: int = Field(60000, gt=0)
    breaker_failures: int = Field(5, ge=1)
    breaker_reset_ms: int = Field(10000, gt=0)
    prompt_label: str = Field("production", pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
    service_api_keys: str = Field("", repr=False)
    rate_limit_rps: float = Field(10, gt=0)
    rate_limit_burst: int = Field(20, ge=1)
    budget_tokens_per_day: int = Field(0, ge=0)
    budget_usd_per_day: float = Field(0, ge=0)
    cache_ttl_seconds: int = Field(300, ge=0)
    redis_url: str | None = Field(None, repr=False)
    max_input_bytes: int = Field(16384, gt=0)
    max_input_tokens: int = Field(4000, gt=0)
    shutdown_grace_ms: int = Field(20000, ge=0)
    feedback_path: str = "data/feedback.jsonl"
    log_level: Literal["debug", "info", "warning", "error", "critical"] = "info"
    otel_exporter_otlp_endpoint: str | None = None
    canary: str | None = Field(None, repr=False)
    prompts_dir: str = "prompts"
    prices_path: str = "prices.json"

    @field_validator("log_level", "llm_provider", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        value = value.strip().lower()
        return {"warn": "warning", "trace": "debug", "fatal": "critical"}.get(value, value)

    @field_validator("llm_base_url", "llm_fallback_model", "redis_url", "otel_exporter_otlp_endpoint", "canary", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and value.strip() == "" else value

    @field_validator("llm_base_url", "otel_exporter_otlp_endpoint")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must be a redis://, rediss:// or unix:// URL")
        return value

    @field_validator("canary")
    @classmethod
    def _canary(cls, value: str | None) -> str | None:
        if value is not None and (len(value) < 8 or not value.isalnum()):
            raise ValueError("must be at least 8 letters or digits")
        return value

    @property
    def api_keys(self) -> frozenset[str]:
        return frozenset(k.strip() for k in self.service_api_keys.split(",") if k.strip())

    def secrets(self) -> list[str]:
        """Values that must never reach a log line."""
        values = [self.llm_api_key, *self.api_keys]
        if self.redis_url and "@" in self.redis_url:
            values.append(self.redis_url)
        return [v for v in values if v]


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Reads the settings; raises ConfigError naming every bad variable."""
    try:
        if env is None:
            return Settings()  # type: ignore[call-arg]
        return Settings(**{k.lower(): v for k, v in env.items() if k.lower() in Settings.model_fields})
    except ValidationError as error:
        problems = []
        for item in error.errors():
            name = str(item["loc"][0]).upper() if item["loc"] else "configuration"
            message = "is required" if item["type"] == "missing" else item["msg"]
            problems.append(f"{name} {message}")
        raise ConfigError("; ".join(problems)) from None


class ConfigError(Exception):
    """A bad configuration value; the message names the variable."""


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except ConfigError as error:
        line = {"level": "error", "msg": f"invalid configuration: {error}"}
        print(json.dumps(line), file=sys.stderr)  # noqa: T201
        raise SystemExit(1) from None
