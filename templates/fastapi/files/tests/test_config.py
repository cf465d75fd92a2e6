"""Configuration: defaults from the contract, and a bad value names its variable."""

from __future__ import annotations

import pytest

from app.config import ConfigError, load_settings


def test_defaults_follow_the_contract():
    s = load_settings({"LLM_API_KEY": "k"})
    assert (s.host, s.port, s.llm_timeout_ms, s.llm_max_retries, s.request_deadline_ms) == ("0.0.0.0", 8080, 30000, 2, 60000)
    assert (s.breaker_failures, s.breaker_reset_ms, s.prompt_label, s.rate_limit_rps, s.rate_limit_burst) == (
        5,
        10000,
        "production",
        10,
        20,
    )
    assert (s.budget_tokens_per_day, s.budget_usd_per_day, s.cache_ttl_seconds, s.max_input_bytes, s.max_input_tokens) == (
        0,
        0,
        300,
        16384,
        4000,
    )
    assert (s.shutdown_grace_ms, s.feedback_path, s.log_level, s.redis_url, s.otel_exporter_otlp_endpoint) == (
        20000,
        "data/feedback.jsonl",
        "info",
        None,
        None,
    )
    assert s.api_keys == frozenset()


@pytest.mark.parametrize(("given", "level"), [("warn", "warning"), ("WARNING", "warning"), ("debug", "debug"), ("fatal", "critical")])
def test_log_level_names(given, level):
    assert load_settings({"LLM_API_KEY": "k", "LOG_LEVEL": given}).log_level == level


def test_api_keys_are_split():
    assert load_settings({"LLM_API_KEY": "k", "SERVICE_API_KEYS": " a, b ,,"}).api_keys == {"a", "b"}


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({}, "LLM_API_KEY"),
        ({"PORT": "eighty"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"LLM_PROVIDER": "cohere"}, "LLM_PROVIDER"),
        ({"LLM_BASE_URL": "ftp://x"}, "LLM_BASE_URL"),
        ({"LLM_MAX_RETRIES": "-1"}, "LLM_MAX_RETRIES"),
        ({"RATE_LIMIT_RPS": "0"}, "RATE_LIMIT_RPS"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"PROMPT_LABEL": "1.0.0"}, "PROMPT_LABEL"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL"),
        ({"SHUTDOWN_GRACE_MS": "-5"}, "SHUTDOWN_GRACE_MS"),
        ({"BUDGET_USD_PER_DAY": "lots"}, "BUDGET_USD_PER_DAY"),
    ],
)
def test_a_bad_value_names_the_variable(env, variable):
    full = {"LLM_API_KEY": "k", **env} if variable != "LLM_API_KEY" else env
    with pytest.raises(ConfigError, match=variable):
        load_settings(full)


def test_the_key_is_not_in_the_settings_repr():
    assert "super-secret" not in repr(load_settings({"LLM_API_KEY": "super-secret"}))
