"""A small Handlebars renderer: the subset prompt files use, with Handlebars.js semantics.

Options are fixed to what Promptyard uses everywhere: no HTML escaping (``noEscape``) and strict
lookups (a missing variable is an error, not an empty string). Supported: ``{{path}}``, ``{{{path}}}``,
``{{&path}}``, comments, ``\\{{`` escapes, ``~`` whitespace control, standalone lines, ``#if``,
``#unless``, ``#each`` (lists and objects, ``@index``, ``@key``, ``@first``, ``@last``, ``as |x i|``),
``#with``, ``else`` / ``else if`` chains, ``^`` inverse sections, sections over plain values,
``lookup``, ``../`` and ``@root`` paths, literals, and partials (``{{> name}}`` with a context and hash).
Anything else is a :class:`TemplateError`, never a silent empty string.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["TemplateError", "compile_template", "render", "to_text"]


class TemplateError(ValueError):
    """A template that does not parse, or a render that fails (missing variable, partial or helper)."""


class _Undefined:
    def __repr__(self) -> str:
        return "undefined"


UNDEFINED: Any = _Undefined()

# --------------------------------------------------------------------------- values


def js_number(value: float | int) -> str:
    """A number as JavaScript's String(n) writes it (1.0 -> "1", 1e21 -> "1e+21", 1e-7 -> "1e-7")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**21 else js_number(float(value))
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    mantissa, _, exp_text = repr(abs(value)).partition("e")
    exponent = int(exp_text) if exp_text else 0
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    # position of the decimal point relative to the first significant digit
    point = len(whole.lstrip("0")) + exponent if whole.strip("0") else exponent - (len(frac) - len(frac.lstrip("0")))
    digits = digits.rstrip("0") or "0"
    n = point  # value = 0.digits * 10**n
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    body = digits[0] + ("." + digits[1:] if k > 1 else "")
    return f"{sign}{body}e{'+' if e >= 0 else '-'}{abs(e)}"


def to_text(value: Any) -> str:
    """A value as Handlebars (noEscape) writes it: None and undefined are empty, lists join with commas."""
    if value is None or value is UNDEFINED:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number(value)
    if isinstance(value, Mapping):
        return "[object Object]"
    if isinstance(value, (list, tuple)):
        return ",".join("" if v is None or v is UNDEFINED else to_text(v) for v in value)
    return str(value)


def _is_empty(value: Any) -> bool:
    """Handlebars' isEmpty: what ``#if`` treats as false."""
    if value is None or value is UNDEFINED or value is False:
        return True
    if isinstance(value, (list, tuple)) and len(value) == 0:
        return True
    if isinstance(value, str) and value == "":
        return True
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0


def _js_truthy(value: Any) -> bool:
    if value is None or value is UNDEFINED or value is False or value == "":
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value != 0 and not (isinstance(value, float) and math.isnan(value))
    return True


# --------------------------------------------------------------------------- lexer


@dataclass
class _Tag:
    kind: str  # mustache | block | inverse_block | else | close | partial | comment
    body: str
    strip_left: bool
    strip_right: bool
    line: int
    column: int


_TAG_RE = re.compile(r"\{\{(~?)(!--.*?--|!.*?|\{.*?\}|[^{}].*?|)(~?)\}\}", re.DOTALL)


def _position(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1)
    return line, column


def _lex(source: str) -> list[str | _Tag]:
    tokens: list[str | _Tag] = []
    text: list[str] = []
    i = 0
    n = len(source)
    while i < n:
        j = source.find("{{", i)
        if j < 0:
            text.append(source[i:])
            break
        before = source[i:j]
        if before.endswith("\\\\"):
            text.append(before[:-1])  # \\{{ : a literal backslash, then a real mustache
        elif before.endswith("\\"):
            # \{{ : literal text up to the next mustache (escaped or not)
            text.append(before[:-1])
            k = source.find("{{", j + 2)
            end = n if k < 0 else k
            if k >= 0 and source[k - 2 : k] == "\\\\":
                end = k - 2
            elif k >= 0 and source[k - 1] == "\\":
                end = k - 1
            text.append(source[j:end])
            i = end
            continue
        else:
            text.append(before)
        line, column = _position(source, j)
        triple = re.compile(r"\{\{(~?)\{(.*?)\}(~?)\}\}", re.DOTALL).match(source, j)
        if triple:
            tokens.append("".join(text))
            text = []
            body = triple.group(2)
            tokens.append(_Tag("mustache", body.strip(), bool(triple.group(1)), bool(triple.group(3)), line, column))
            i = triple.end()
            continue
        m = _TAG_RE.match(source, j)
        if not m:
            raise TemplateError(f"Parse error on line {line}: a mustache is never closed")
        left, inner, right = m.group(1), m.group(2), m.group(3)
        if inner.startswith("{"):
            raise TemplateError(f"Parse error on line {line}: unbalanced triple mustache")
        body = inner
        kind = "mustache"
        if body.startswith("!"):
            kind = "comment"
        elif body.startswith("#"):
            kind, body = "block", body[1:]
        elif body.startswith("^"):
            rest = body[1:].strip()
            kind, body = ("else", "") if not rest else ("inverse_block", rest)
        elif body.startswith("/"):
            kind, body = "close", body[1:]
        elif body.startswith(">"):
            kind, body = "partial", body[1:]
        elif body.startswith("&"):
            body = body[1:]
        elif re.match(r"\s*else(\s|$)", body):
            kind, body = "else", body.strip()[4:]
        tokens.append("".join(text))
        text = []
        tokens.append(_Tag(kind, body.strip(), bool(left), bool(right), line, column))
        i = m.end()
    tokens.append("".join(text))
    # merge neighbouring text pieces: tokens alternate text, tag, text, ...
    merged: list[str | _Tag] = []
    for token in tokens:
        if isinstance(token, str) and merged and isinstance(merged[-1], str):
            merged[-1] += token
        else:
            merged.append(token)
    return merged


_STANDALONE = {"block", "inverse_block", "else", "close", "partial", "comment"}


def _whitespace_control(tokens: list[str | _Tag]) -> list[str | _Tag]:
    """Standalone lines (a block tag, partial or comment alone on its line) and ``~`` stripping."""
    out = list(tokens)
    last = len(out) - 1
    # tokens are [text, tag, text, tag, ..., text]; decide on the original text, then cut
    cut_head: dict[int, bool] = {}  # text index -> drop up to and including its first newline
    cut_tail: dict[int, bool] = {}  # text index -> drop the blanks after its last newline
    for idx in range(1, len(out), 2):
        tag = out[idx]
        before, after = out[idx - 1], out[idx + 1]
        if not isinstance(tag, _Tag) or not isinstance(before, str) or not isinstance(after, str):
            raise TemplateError("internal error: malformed token stream")
        if tag.kind not in _STANDALONE:
            continue
        nl_before = before.rfind("\n")
        head = before[nl_before + 1 :]
        if not (nl_before >= 0 or idx == 1) or head.strip(" \t") != "":
            continue
        nl_after = after.find("\n")
        tail = after if nl_after < 0 else after[:nl_after]
        if tail.rstrip("\r").strip(" \t") != "" or (nl_after < 0 and idx + 1 != last):
            continue
        if tag.kind == "partial":
            tag.body = tag.body + "\x00indent=" + head
        cut_tail[idx - 1] = True
        cut_head[idx + 1] = True
    for idx in range(0, len(out), 2):
        text = str(out[idx])
        start, end = 0, len(text)
        if cut_head.get(idx):
            nl = text.find("\n")
            start = len(text) if nl < 0 else nl + 1
        if cut_tail.get(idx):
            end = text.rfind("\n") + 1
        out[idx] = text[start:end] if end >= start else ""
    for idx in range(1, len(out), 2):
        tag = out[idx]
        if isinstance(tag, _Tag) and tag.strip_left:
            out[idx - 1] = str(out[idx - 1]).rstrip()
        if isinstance(tag, _Tag) and tag.strip_right:
            out[idx + 1] = str(out[idx + 1]).lstrip()
    return out


# --------------------------------------------------------------------------- expressions


@dataclass
class _Path:
    parts: list[str]
    depth: int = 0
    data: bool = False
    this: bool = False  # starts with this / . (never a helper)
    original: str = ""


@dataclass
class _Literal:
    value: Any


@dataclass
class _SubExpr:
    name: _Path
    params: list[Any]
    hash: dict[str, Any]


@dataclass
class _Expr:
    name: Any
    params: list[Any] = field(default_factory=list)
    hash: dict[str, Any] = field(default_factory=dict)
    block_params: list[str] = field(default_factory=list)


_EXPR_TOKEN = re.compile(
    r"""\s*(?:
      (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    | (?P<open>\() | (?P<close>\))
    | (?P<as>as\s+\|(?P<bp>[^|]*)\|)
    | (?P<key>[^\s=()"'|]+)=
    | (?P<word>(?:\[[^\]]*\]|[^\s()"'|=\[])+)
    )""",
    re.VERBOSE,
)

_ID_SEGMENT = re.compile(r"\[([^\]]*)\]|([^./\[\]]+)|(\.\.)|(\.)")


def _parse_path(word: str, line: int) -> _Path | _Literal:
    if word in ("true", "false"):
        return _Literal(word == "true")
    if word in ("null",):
        return _Literal(None)
    if word == "undefined":
        return _Literal(UNDEFINED)
    if re.fullmatch(r"-?\d+(?:\.\d+)?", word):
        number = float(word)
        return _Literal(int(number) if number.is_integer() and "." not in word else number)
    path = _Path(parts=[], original=word)
    rest = word
    if rest.startswith("@"):
        path.data = True
        rest = rest[1:]
    while rest.startswith("../"):
        path.depth += 1
        rest = rest[3:]
    if rest in ("this", "."):
        path.this = True
        return path
    if rest.startswith("this.") or rest.startswith("this/"):
        path.this = True
        rest = rest[5:]
    elif rest.startswith("./"):
        path.this = True
        rest = rest[2:]
    pos = 0
    while pos < len(rest):
        m = _ID_SEGMENT.match(rest, pos)
        if not m or m.group(3) or m.group(4):
            raise TemplateError(f"Parse error on line {line}: invalid path {word!r}")
        path.parts.append(m.group(1) if m.group(1) is not None else m.group(2))
        pos = m.end()
        if pos < len(rest):
            if rest[pos] not in "./":
                raise TemplateError(f"Parse error on line {line}: invalid path {word!r}")
            pos += 1
            if pos == len(rest):
                raise TemplateError(f"Parse error on line {line}: invalid path {word!r}")
    if not path.parts and not path.this:
        raise TemplateError(f"Parse error on line {line}: invalid path {word!r}")
    return path


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def _parse_expr(body: str, line: int, allow_block_params: bool = False) -> _Expr:
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(body):
        if body[pos:].strip() == "":
            break
        m = _EXPR_TOKEN.match(body, pos)
        if not m or m.end() == pos:
            raise TemplateError(f"Parse error on line {line}: unexpected {body[pos:].strip()!r}")
        pos = m.end()
        if m.group("str") is not None:
            tokens.append(("str", m.group("str")))
        elif m.group("open"):
            tokens.append(("(", "("))
        elif m.group("close"):
            tokens.append((")", ")"))
        elif m.group("as") is not None:
            if not allow_block_params:
                raise TemplateError(f"Parse error on line {line}: block params outside a block")
            tokens.append(("as", m.group("bp")))
        elif m.group("key") is not None:
            tokens.append(("key", m.group("key")))
        else:
            tokens.append(("word", m.group("word")))
    if not tokens:
        raise TemplateError(f"Parse error on line {line}: empty mustache")

    def parse_value(i: int) -> tuple[Any, int]:
        kind, text = tokens[i]
        if kind == "str":
            return _Literal(_unquote(text)), i + 1
        if kind == "word":
            return _parse_path(text, line), i + 1
        if kind == "(":
            inner, j = parse_call(i + 1)
            if j >= len(tokens) or tokens[j][0] != ")":
                raise TemplateError(f"Parse error on line {line}: unclosed subexpression")
            if not isinstance(inner.name, _Path):
                raise TemplateError(f"Parse error on line {line}: invalid subexpression")
            return _SubExpr(inner.name, inner.params, inner.hash), j + 1
        raise TemplateError(f"Parse error on line {line}: unexpected {text!r}")

    def parse_call(i: int) -> tuple[_Expr, int]:
        name, i = parse_value(i)
        expr = _Expr(name)
        while i < len(tokens) and tokens[i][0] not in (")", "as"):
            if tokens[i][0] == "key":
                key = tokens[i][1]
                value, i = parse_value(i + 1)
                expr.hash[key] = value
            else:
                if expr.hash:
                    raise TemplateError(f"Parse error on line {line}: a parameter after a hash argument")
                value, i = parse_value(i)
                expr.params.append(value)
        return expr, i

    expr, i = parse_call(0)
    if i < len(tokens) and tokens[i][0] == "as":
        expr.block_params = tokens[i][1].split()
        i += 1
    if i != len(tokens):
        raise TemplateError(f"Parse error on line {line}: unexpected {tokens[i][1]!r}")
    return expr


# --------------------------------------------------------------------------- AST


@dataclass
class _Mustache:
    expr: _Expr
    line: int
    column: int


@dataclass
class _Partial:
    name: str
    expr: _Expr | None
    indent: str
    line: int


@dataclass
class _Block:
    expr: _Expr
    program: list[Any]
    inverse: list[Any] | None
    inverted: bool  # {{^name}}
    line: int
    column: int


def _parse(source: str) -> list[Any]:
    tokens = _whitespace_control(_lex(source))
    root: list[Any] = []
    # stack entries: (block, current body list, opening name)
    stack: list[tuple[_Block | None, list[Any], str]] = [(None, root, "")]
    for token in tokens:
        body = stack[-1][1]
        if isinstance(token, str):
            if token:
                body.append(token)
            continue
        t = token
        if t.kind == "comment":
            continue
        if t.kind == "mustache":
            body.append(_Mustache(_parse_expr(t.body, t.line), t.line, t.column))
        elif t.kind == "partial":
            name_part, _, indent = t.body.partition("\x00indent=")
            expr = _parse_expr(name_part, t.line)
            if isinstance(expr.name, _Literal):
                name = str(expr.name.value)
            elif isinstance(expr.name, _Path) and not expr.name.data:
                name = expr.name.original
            else:
                raise TemplateError(f"Parse error on line {t.line}: dynamic partials are not supported")
            if len(expr.params) > 1:
                raise TemplateError(f"Parse error on line {t.line}: a partial takes at most one context")
            body.append(_Partial(name, expr, indent, t.line))
        elif t.kind in ("block", "inverse_block"):
            expr = _parse_expr(t.body, t.line, allow_block_params=True)
            if not isinstance(expr.name, _Path):
                raise TemplateError(f"Parse error on line {t.line}: a block needs a name")
            block = _Block(expr, [], None, t.kind == "inverse_block", t.line, t.column)
            body.append(block)
            stack.append((block, block.program, expr.name.original))
        elif t.kind == "else":
            block = stack[-1][0]
            if block is None or block.inverse is not None:
                raise TemplateError(f"Parse error on line {t.line}: {{{{else}}}} outside a block")
            block.inverse = []
            if t.body.strip():
                # {{else if x}}: a nested block in the inverse that closes with the outer one
                expr = _parse_expr(t.body, t.line, allow_block_params=True)
                if not isinstance(expr.name, _Path):
                    raise TemplateError(f"Parse error on line {t.line}: invalid else chain")
                chained = _Block(expr, [], None, False, t.line, t.column)
                block.inverse.append(chained)
                stack[-1] = (block, block.inverse, stack[-1][2])
                stack.append((chained, chained.program, "\x00chain"))
            else:
                stack[-1] = (block, block.inverse, stack[-1][2])
        elif t.kind == "close":
            name = t.body.strip()
            while len(stack) > 1 and stack[-1][2] == "\x00chain":
                stack.pop()
            if len(stack) == 1:
                raise TemplateError(f"Parse error on line {t.line}: {{{{/{name}}}}} closes a block that was never opened")
            opened = stack[-1][2]
            if opened != name:
                raise TemplateError(f"{opened} doesn't match {name} - {t.line}:{t.column}")
            stack.pop()
    if len(stack) > 1:
        raise TemplateError(f"Parse error: the block {{{{#{stack[-1][2]}}}}} is never closed")
    return root


# --------------------------------------------------------------------------- runtime


@dataclass
class _Frame:
    context: Any
    data: dict[str, Any]
    block_params: dict[str, Any]


_MISSING = UNDEFINED


def _get(obj: Any, key: str) -> Any:
    if isinstance(obj, Mapping):
        # own properties only: never a prototype-like lookup
        return obj.get(key, _MISSING)
    if isinstance(obj, (list, tuple)):
        if key == "length":
            return len(obj)
        if key.isdigit() and int(key) < len(obj):
            return obj[int(key)]
        return _MISSING
    if isinstance(obj, str) and key == "length":
        return len(obj)
    return _MISSING


class _Renderer:
    def __init__(self, partials: Mapping[str, str], root: Any) -> None:
        self.partials = partials
        self.root = root
        self.partial_depth = 0

    # -- lookups
    def lookup(self, path: _Path, stack: list[_Frame], strict: bool, line: int) -> Any:
        if path.data:
            frame_index = len(stack) - 1 - path.depth
            if frame_index < 0:
                return _MISSING
            name, *rest = path.parts
            value = self.root if name == "root" else stack[frame_index].data.get(name, _MISSING)
            parts = rest
        else:
            if not path.this and path.depth == 0 and path.parts:
                for frame in reversed(stack):
                    if path.parts[0] in frame.block_params:
                        value = frame.block_params[path.parts[0]]
                        return self._walk(value, path.parts[1:], path, strict, line)
            frame_index = max(0, len(stack) - 1 - path.depth)
            value = stack[frame_index].context
            parts = path.parts
        return self._walk(value, parts, path, strict, line)

    def _walk(self, value: Any, parts: list[str], path: _Path, strict: bool, line: int) -> Any:
        for i, part in enumerate(parts):
            if value is None or value is _MISSING:
                if strict:
                    raise TemplateError(f'"{part}" not defined in {to_text(value) or value!r} - {line}')
                return _MISSING
            nxt = _get(value, part)
            if nxt is _MISSING and strict and (i == len(parts) - 1 or True):
                raise TemplateError(f'"{part}" not defined in {_describe(value)} - {line}')
            value = nxt
        return value

    def value(self, node: Any, stack: list[_Frame], line: int, strict: bool = False) -> Any:
        if isinstance(node, _Literal):
            return node.value
        if isinstance(node, _SubExpr):
            return self.call(node.name, node.params, node.hash, stack, line, None)
        return self.lookup(node, stack, strict, line)

    def call(
        self,
        name: _Path,
        params: list[Any],
        hash_: dict[str, Any],
        stack: list[_Frame],
        line: int,
        block: _Block | None,
    ) -> Any:
        helper = name.parts[0] if (len(name.parts) == 1 and not name.this and not name.data and not name.depth) else None
        if helper == "lookup" and block is None:
            if len(params) != 2:
                raise TemplateError(f"lookup needs an object and a key - {line}")
            obj = self.value(params[0], stack, line)
            key = to_text(self.value(params[1], stack, line))
            return _get(obj, key) if obj is not None and obj is not _MISSING else _MISSING
        if helper in ("if", "unless", "each", "with", "lookup") or params or hash_:
            raise TemplateError(f'Missing helper: "{name.original}" - {line}')
        return self.lookup(name, stack, True, line)

    # -- rendering
    def render_program(self, nodes: Sequence[Any], stack: list[_Frame]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, str):
                out.append(node)
            elif isinstance(node, _Mustache):
                out.append(self.render_mustache(node, stack))
            elif isinstance(node, _Block):
                out.append(self.render_block(node, stack))
            elif isinstance(node, _Partial):
                out.append(self.render_partial(node, stack))
        return "".join(out)

    def render_mustache(self, node: _Mustache, stack: list[_Frame]) -> str:
        expr = node.expr
        if isinstance(expr.name, _Literal):
            if expr.params or expr.hash:
                raise TemplateError(f'Missing helper: "{to_text(expr.name.value)}" - {node.line}')
            return to_text(expr.name.value)
        if isinstance(expr.name, _SubExpr):
            raise TemplateError(f"Parse error on line {node.line}: invalid mustache")
        value = self.call(expr.name, expr.params, expr.hash, stack, node.line, None)
        if callable(value):
            raise TemplateError(f"functions are not supported in templates - {node.line}")
        return to_text(value)

    def _child(
        self, stack: list[_Frame], context: Any, data: dict[str, Any] | None = None, params: dict[str, Any] | None = None
    ) -> list[_Frame]:
        top = stack[-1]
        merged = dict(top.data)
        if data:
            merged.update(data)
        return [*stack, _Frame(context, merged, params or {})]

    def render_block(self, block: _Block, stack: list[_Frame]) -> str:
        expr = block.expr
        name = expr.name
        if not isinstance(name, _Path):
            raise TemplateError(f"a block needs a name - {block.line}")
        helper = name.parts[0] if (len(name.parts) == 1 and not name.this and not name.data and not name.depth) else None
        inverse = block.inverse or []
        line = block.line

        def fn(context: Any, data: dict[str, Any] | None = None, params: dict[str, Any] | None = None) -> str:
            return self.render_program(block.program, self._child(stack, context, data, params))

        def inv() -> str:
            return self.render_program(inverse, stack)

        if block.inverted:
            value = self.lookup(name, stack, True, line)
            return self.render_program(block.program, stack) if _is_empty(value) or (isinstance(value, Mapping) and False) else inv()

        if helper in ("if", "unless"):
            if len(expr.params) != 1:
                raise TemplateError(f"#{helper} requires exactly one argument - {line}")
            cond = self.value(expr.params[0], stack, line)
            truthy = not _is_empty(cond)
            if helper == "unless":
                truthy = not truthy
            # #if keeps the current context
            return self.render_program(block.program, self._child(stack, stack[-1].context)) if truthy else inv()
        if helper == "with":
            if len(expr.params) != 1:
                raise TemplateError(f"#with requires exactly one argument - {line}")
            ctx = self.value(expr.params[0], stack, line)
            if _is_empty(ctx):
                return inv()
            bp = {expr.block_params[0]: ctx} if expr.block_params else None
            return fn(ctx, None, bp)
        if helper == "each":
            if len(expr.params) != 1:
                raise TemplateError(f"Must pass iterator to #each - {line}")
            items = self.value(expr.params[0], stack, line)
            return self._each(items, expr.block_params, fn, inv)
        if helper == "lookup" or expr.params or expr.hash:
            raise TemplateError(f'Missing helper: "{name.original}" - {line}')
        # a section over a plain value (Handlebars' blockHelperMissing)
        value = self.lookup(name, stack, True, line)
        if value is True:
            return fn(stack[-1].context)
        if value is False or value is None or value is _MISSING:
            return inv()
        if isinstance(value, (list, tuple)):
            return self._each(value, [], fn, inv) if value else inv()
        return fn(value)

    def _each(self, items: Any, block_params: list[str], fn: Callable[..., str], inv: Callable[[], str]) -> str:
        out: list[str] = []
        if isinstance(items, (list, tuple)):
            entries = [(i, i, v) for i, v in enumerate(items)]
        elif isinstance(items, Mapping):
            entries = [(k, i, v) for i, (k, v) in enumerate(items.items())]
        else:
            entries = []
        for key, index, value in entries:
            data = {"key": key, "index": index, "first": index == 0, "last": index == len(entries) - 1}
            params = {}
            if block_params:
                params[block_params[0]] = value
                if len(block_params) > 1:
                    params[block_params[1]] = key
            out.append(fn(value, data, params))
        return "".join(out) if entries else inv()

    def render_partial(self, node: _Partial, stack: list[_Frame]) -> str:
        if node.name not in self.partials:
            raise TemplateError(f"The partial {node.name} could not be found")
        if self.partial_depth > 32:
            raise TemplateError(f"The partial {node.name} includes itself too deeply")
        expr = node.expr
        context = stack[-1].context
        if expr is not None and expr.params:
            context = self.value(expr.params[0], stack, node.line)
        if expr is not None and expr.hash:
            base = dict(context) if isinstance(context, Mapping) else {}
            for key, value in expr.hash.items():
                base[key] = self.value(value, stack, node.line)
            context = base
        self.partial_depth += 1
        try:
            program = _compiled(self.partials[node.name])
            text = self.render_program(program, self._child(stack, context))
        finally:
            self.partial_depth -= 1
        if node.indent:
            lines = text.split("\n")
            for i, line_text in enumerate(lines):
                if not line_text and i + 1 == len(lines):
                    break
                lines[i] = node.indent + line_text
            text = "\n".join(lines)
        return text


def _describe(value: Any) -> str:
    if isinstance(value, Mapping):
        return "[object Object]"
    if isinstance(value, (list, tuple)):
        return "[object Array]"
    return to_text(value)


_CACHE: dict[str, list[Any]] = {}


def _compiled(source: str) -> list[Any]:
    program = _CACHE.get(source)
    if program is None:
        program = _parse(source)
        if len(_CACHE) > 512:
            _CACHE.clear()
        _CACHE[source] = program
    return program


def compile_template(source: str) -> Callable[..., str]:
    """Parses ``source`` once (raising TemplateError on bad syntax) and returns a render function."""
    program = _compiled(source)

    def run(variables: Any, partials: Mapping[str, str] | None = None) -> str:
        renderer = _Renderer(partials or {}, variables)
        return renderer.render_program(program, [_Frame(variables, {"root": variables}, {})])

    return run


def render(source: str, variables: Any, partials: Mapping[str, str] | None = None) -> str:
    """Renders ``source`` with ``variables`` (noEscape, strict)."""
    return compile_template(source)(variables, partials)
