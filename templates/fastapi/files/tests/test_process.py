"""`python -m app` as a process: start-up errors exit 1 naming the cause; SIGTERM drains and exits 0."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def env_for(project: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLM_", "REDIS_", "OTEL_"))}
    env.update(
        LLM_API_KEY="sk-process-test-key",
        LLM_BASE_URL="http://127.0.0.1:9/v1",
        PROMPTS_DIR=str(project / "prompts"),
        PRICES_PATH=str(project / "prices.json"),
        HOST="127.0.0.1",
        PYTHONPATH=str(PROJECT),
    )
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_bad_configuration_exits_1_naming_the_variable(project):
    result = subprocess.run(
        [sys.executable, "-m", "app"], env=env_for(project, PORT="not-a-port"), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "PORT" in result.stderr
    assert "sk-process-test-key" not in result.stderr + result.stdout


def test_an_edited_snapshot_exits_1_naming_the_file(project):
    (project / "prompts" / ".versions" / "echo" / "1.0.0.prompt.yml").write_text("tampered", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "app"], env=env_for(project, PORT=str(free_port())), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "1.0.0.prompt.yml" in result.stderr


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - a loopback URL built here
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_sigterm_exits_0(project):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app"], env=env_for(project, PORT=str(port)), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get(f"http://127.0.0.1:{port}/readyz") == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the service did not become ready")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    out = proc.stdout.read().decode() if proc.stdout else ""
    assert '"msg": "Shutting down"' in out
