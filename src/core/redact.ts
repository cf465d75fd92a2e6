// Redaction: every string that leaves the engine for a log, an error message or a file passes here.

const KEY_PATTERNS: RegExp[] = [
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g, // Anthropic
  /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g, // OpenAI
  /\bsk-or-v1-[A-Za-z0-9]{16,}/g, // OpenRouter
  /\bAIza[0-9A-Za-z_-]{30,}/g, // Google
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g, // GitHub tokens
  /\bhf_[A-Za-z0-9]{30,}/g, // Hugging Face
  /\bxai-[A-Za-z0-9]{30,}/g,
  /\bgsk_[A-Za-z0-9]{30,}/g, // Groq
  /\bpplx-[A-Za-z0-9]{30,}/g, // Perplexity
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bxox[abpors]-[A-Za-z0-9-]{10,}/g, // Slack
  /(?<=\bBearer\s+)[A-Za-z0-9._~+/-]{16,}=*/g,
];

/** Secret values seen in this process (keys read from the keychain or env); redacted wherever they appear. */
const knownSecrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) knownSecrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
  }
  for (const pattern of KEY_PATTERNS) out = out.replace(pattern, '[REDACTED]');
  return out;
}

/** True when the text looks like it holds an API key (used to refuse keys pasted where they don't belong). */
export function looksLikeSecret(text: string): boolean {
  return KEY_PATTERNS.some((p) => {
    p.lastIndex = 0;
    const hit = p.test(text);
    p.lastIndex = 0;
    return hit;
  });
}

/** Where key-shaped strings sit in a text, as [start, end) offsets in text order (overlaps merged). */
export function findSecrets(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  for (const pattern of KEY_PATTERNS) {
    for (const m of text.matchAll(pattern)) found.push({ start: m.index, end: m.index + m[0].length });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number }[] = [];
  for (const span of found) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}
