"""Prompts released with Promptyard, loaded through prompts/prompts.lock.json (docs: prompt registry).

``id@label`` resolves through the lock file; each snapshot's sha256 (after CR LF -> LF) must match its
record, or the service refuses to start.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .handlebars import TemplateError, compile_template

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
LABEL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
SEMVER_RE = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$"
)
PARTIAL_EXTENSIONS = (".hbs", ".md", ".txt")


class PromptError(Exception):
    """A prompt that cannot be loaded; ``code`` follows the registry's error names."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def semver_key(version: str) -> tuple[Any, ...]:
    """Sort key with semver precedence (a prerelease ranks below its release; build metadata ignored)."""
    m = SEMVER_RE.match(version)
    if not m:
        raise PromptError("unknown-version", f"{version!r} is not a semantic version")
    major, minor, patch, pre = m.group(1), m.group(2), m.group(3), m.group(4)
    pre_key: tuple[Any, ...] = (1,) if pre is None else (0, *((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".")))
    return (int(major), int(minor), int(patch), pre_key)


@dataclass
class Message:
    role: str
    content: str
    template: Any = field(repr=False, default=None)


@dataclass
class Prompt:
    id: str
    version: str
    sha256: str
    provider: str
    model: str
    messages: list[Message]
    parameters: dict[str, Any]
    defaults: dict[str, Any]
    json_schema: dict[str, Any] | None
    schema_name: str | None
    response_format: str


class PromptRegistry:
    """The lock file and the verified snapshots of one service."""

    def __init__(self, root: Path | str) -> None:
        self.prompts_dir = Path(root)
        self.lock_path = self.prompts_dir / "prompts.lock.json"
        self.lock = self._read_lock()
        self.partials = self._read_partials()
        self._loaded: dict[tuple[str, str], Prompt] = {}

    def _read_lock(self) -> dict[str, Any]:
        try:
            raw = self.lock_path.read_bytes()
        except OSError as error:
            raise PromptError("lock-unreadable", f"cannot read {self.lock_path}: {error.strerror}") from None
        try:
            lock = json.loads(raw)
        except json.JSONDecodeError as error:
            raise PromptError("lock-invalid-json", f"{self.lock_path} is not JSON (line {error.lineno}): restore it from git") from None
        if not isinstance(lock, dict) or not isinstance(lock.get("prompts"), dict):
            raise PromptError("lock-schema", f"{self.lock_path} has no prompts object")
        if lock.get("lockfileVersion") != 1:
            raise PromptError("lock-version", f"{self.lock_path} has lockfileVersion {lock.get('lockfileVersion')!r}; upgrade this service")
        for pid, entry in lock["prompts"].items():
            if not ID_RE.match(pid) or ".." in pid:
                raise PromptError("lock-schema", f"{self.lock_path}: invalid prompt id {pid!r}")
            if not isinstance(entry, dict) or not isinstance(entry.get("versions"), dict) or not isinstance(entry.get("labels", {}), dict):
                raise PromptError("lock-schema", f"{self.lock_path}: prompts.{pid} needs versions and labels objects")
        return lock

    def _read_partials(self) -> dict[str, str]:
        folder = self.prompts_dir / "partials"
        partials: dict[str, str] = {}
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in PARTIAL_EXTENSIONS and path.is_file():
                    partials[path.stem] = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        return partials

    def ids(self) -> list[str]:
        return sorted(self.lock["prompts"])

    def resolve(self, ref: str) -> tuple[str, str]:
        """``id``, ``id@version``, ``id@latest`` or ``id@label`` -> (id, version)."""
        pid, _, selector = ref.partition("@")
        if not ID_RE.match(pid) or ".." in pid:
            raise PromptError("unknown-id", f"invalid prompt id {pid!r}")
        entry = self.lock["prompts"].get(pid)
        if entry is None:
            raise PromptError("unknown-id", f"no prompt {pid!r} in {self.lock_path}")
        versions: dict[str, Any] = entry["versions"]
        labels: dict[str, str] = entry.get("labels", {})
        if not versions:
            raise PromptError("no-release", f"prompt {pid!r} has no released version")
        if selector == "":
            selector = "production" if "production" in labels else "latest"
        if selector == "latest":
            return pid, max(versions, key=semver_key)
        if selector[:1].isdigit():
            if selector not in versions or not SEMVER_RE.match(selector):
                raise PromptError("unknown-version", f"prompt {pid!r} has no version {selector}")
            return pid, selector
        if not LABEL_RE.match(selector) or selector not in labels:
            raise PromptError("unknown-label", f"prompt {pid!r} has no label {selector!r}")
        version = labels[selector]
        if version not in versions:
            raise PromptError("label-dangling", f"label {selector!r} of {pid!r} points at unreleased {version}")
        return pid, version

    def load(self, ref: str) -> Prompt:
        pid, version = self.resolve(ref)
        key = (pid, version)
        cached = self._loaded.get(key)
        if cached is not None:
            return cached
        record = self.lock["prompts"][pid]["versions"][version]
        snapshot = self.prompts_dir / ".versions" / pid / f"{version}.prompt.yml"
        try:
            data = snapshot.read_bytes()
        except OSError:
            raise PromptError("snapshot-missing", f"{snapshot} is missing: git checkout -- {snapshot}") from None
        digest = content_hash(data)
        if digest != record.get("sha256"):
            raise PromptError(
                "snapshot-edited",
                f"{snapshot} does not match its sha256 in {self.lock_path}: git checkout -- {snapshot}, and release a new version instead",
            )
        prompt = parse_prompt(pid, version, digest, data.decode("utf-8"), str(snapshot))
        self._loaded[key] = prompt
        return prompt


def parse_prompt(pid: str, version: str, sha256: str, text: str, origin: str) -> Prompt:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise PromptError("prompt-invalid", f"{origin} is not valid YAML: {error}") from None
    if not isinstance(doc, dict):
        raise PromptError("prompt-invalid", f"{origin} is not a prompt file")
    model_ref = str(doc.get("model") or "")
    provider, _, model = model_ref.partition("/")
    if not model:
        provider, model = "", model_ref
    if not model:
        raise PromptError("prompt-invalid", f"{origin} has no model")
    raw_messages = doc.get("messages")
    if not isinstance(raw_messages, list) or not raw_messages:
        raise PromptError("prompt-invalid", f"{origin} has no messages")
    messages = []
    for i, m in enumerate(raw_messages):
        if not isinstance(m, dict) or m.get("role") not in ("system", "user", "assistant") or not isinstance(m.get("content"), str):
            raise PromptError("prompt-invalid", f"{origin}: messages[{i}] needs a role and a content string")
        try:
            template = compile_template(m["content"])
        except TemplateError as error:
            raise PromptError("prompt-invalid", f"{origin}: messages[{i}]: {error}") from None
        messages.append(Message(m["role"], m["content"], template))
    defaults: dict[str, Any] = {}
    for name, spec in (doc.get("inputs") or {}).items():
        if isinstance(spec, dict) and "default" in spec:
            defaults[str(name)] = spec["default"]
    params = doc.get("modelParameters") or {}
    if not isinstance(params, dict):
        raise PromptError("prompt-invalid", f"{origin}: modelParameters must be a mapping")
    schema = None
    schema_name = None
    response_format = str(doc.get("responseFormat") or "text")
    if response_format == "json_schema":
        raw = doc.get("jsonSchema")
        try:
            spec = json.loads(raw) if isinstance(raw, str) else raw
        except json.JSONDecodeError:
            raise PromptError("prompt-invalid", f"{origin}: jsonSchema is not JSON") from None
        if not isinstance(spec, dict) or not isinstance(spec.get("schema"), dict):
            raise PromptError("prompt-invalid", f"{origin}: jsonSchema needs a name and a schema")
        schema = spec["schema"]
        schema_name = str(spec.get("name") or "output")
    return Prompt(
        id=pid,
        version=version,
        sha256=sha256,
        provider=provider,
        model=model,
        messages=messages,
        parameters=params,
        defaults=defaults,
        json_schema=schema,
        schema_name=schema_name,
        response_format=response_format,
    )
