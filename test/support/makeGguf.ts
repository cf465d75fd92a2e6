// Writes a tiny, valid GGUF v3 "llama" model (F32, about 0.5 MB) so tests can run the real local runtime
// without downloading weights. By default the weights are built so that greedy decoding answers a known
// sentence and then `<|im_end|>`, whatever the prompt; `random: true` gives gibberish with no designed end.
//
// How the scripted weights work: the block outputs (attn_output, ffn_down) are scaled down to ~1e-3, so the
// residual stream at the last position is about the embedding of the last token. Each answer word gets its
// own embedding dimension (d = 1..n, every other token uses d = 0) and the output matrix maps dimension d to
// the logit of the word that follows it, so the model walks through the answer one word per token.
//
// Layout (little-endian): "GGUF" | u32 version | u64 tensor count | u64 kv count | kv... | tensor infos...
// | padding to 32 | tensor data, each tensor padded to 32. Strings are a u64 byte length then UTF-8.
//
// Command line: tsx test/support/makeGguf.ts out.gguf [--random] [--seed N] [--ctx N] [--answer "text"]
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

/** What the default model answers to any prompt. */
export const TINY_MODEL_ANSWER = 'Hello from the tiny offline test model, ok.';

export interface MakeGgufOptions {
  /** Seed of the weights; the same seed writes the same bytes. Default 42. */
  seed?: number;
  /** `llama.context_length`. Default 2048. */
  contextLength?: number;
  /** The sentence the model answers; words must be distinct, at most 60 of them. Default TINY_MODEL_ANSWER. */
  answer?: string;
  /** Random weights: the model rambles and never ends on its own. */
  random?: boolean;
}

export interface GgufFile {
  path: string;
  bytes: number;
  /** The designed answer, absent for random weights. */
  answer?: string;
}

const EMBEDDING = 64;
const BLOCKS = 2;
const HEADS = 4;
const FEED_FORWARD = 128;
const HEAD_SIZE = EMBEDDING / HEADS;
const ALIGNMENT = 32;
const SPACE = '\u2581';

const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

enum TokenType {
  Normal = 1,
  Unknown = 2,
  Control = 3,
  Byte = 6,
}

enum ValueType {
  U32 = 4,
  I32 = 5,
  F32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
}

type Value =
  | { type: ValueType.U32 | ValueType.I32 | ValueType.F32; value: number }
  | { type: ValueType.Bool; value: boolean }
  | { type: ValueType.String; value: string }
  | { type: ValueType.Array; items: ValueType.I32 | ValueType.F32 | ValueType.String; value: (number | string)[] };

interface Tensor {
  name: string;
  /** ggml order: the first dimension is the contiguous one. */
  shape: number[];
  data: Float32Array;
}

/** Builds the model in memory. */
export function buildGguf(options: MakeGgufOptions = {}): { bytes: Buffer; answer?: string } {
  const answer = options.random ? undefined : (options.answer ?? TINY_MODEL_ANSWER);
  const words = answer === undefined ? [] : answerWords(answer);
  const vocab = buildVocabulary(words);
  const random = gaussianSource(options.seed ?? 42);
  const tensors = buildTensors(vocab, random, options.random === true);
  const metadata = buildMetadata(vocab, options);
  return { bytes: serialize(metadata, tensors), answer };
}

export async function makeGguf(path: string, options: MakeGgufOptions = {}): Promise<GgufFile> {
  const { bytes, answer } = buildGguf(options);
  await writeFile(path, bytes);
  return { path, bytes: bytes.length, answer };
}

function answerWords(answer: string): string[] {
  const words = answer.split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0 || words.length > EMBEDDING - 4) throw new Error(`answer must have 1 to ${EMBEDDING - 4} words`);
  if (new Set(words).size !== words.length) throw new Error('answer words must be distinct (each one is a token)');
  return words;
}

interface Vocabulary {
  tokens: string[];
  scores: number[];
  types: TokenType[];
  bos: number;
  imEnd: number;
  unknown: number;
  /** Token ids of the answer words, in order. */
  answer: number[];
}

function buildVocabulary(words: string[]): Vocabulary {
  const tokens: string[] = [];
  const scores: number[] = [];
  const types: TokenType[] = [];
  const add = (text: string, type = TokenType.Normal, score = 0): number => {
    tokens.push(text);
    scores.push(score);
    types.push(type);
    return tokens.length - 1;
  };
  const unknown = add('<unk>', TokenType.Unknown);
  const bos = add('<s>', TokenType.Control);
  add('</s>', TokenType.Control);
  add('<|im_start|>', TokenType.Control);
  const imEnd = add('<|im_end|>', TokenType.Control);
  // Byte fallback tokens: newlines and anything outside printable ASCII tokenize through them.
  for (let b = 0; b < 256; b++) add(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, TokenType.Byte);
  add(SPACE, TokenType.Normal, -1);
  for (let c = 0x21; c <= 0x7e; c++) add(String.fromCharCode(c), TokenType.Normal, -1);
  const answer = words.map((w) => add(SPACE + w, TokenType.Normal, -3));
  return { tokens, scores, types, bos, imEnd, unknown, answer };
}

/** mulberry32 feeding Box-Muller: small, seeded, good enough for weights. */
function gaussianSource(seed: number): (n: number, std: number) => Float32Array {
  let state = seed | 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = (): number => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
  return (n, std) => Float32Array.from({ length: n }, () => gauss() * std);
}

function buildTensors(vocab: Vocabulary, randn: (n: number, std: number) => Float32Array, random: boolean): Tensor[] {
  const size = vocab.tokens.length;
  const embeddings = randn(EMBEDDING * size, 0.02);
  const output = randn(EMBEDDING * size, random ? 0.02 : 0.01);
  if (!random) {
    // Row v of a {EMBEDDING, size} tensor starts at v * EMBEDDING.
    const dimension = new Map(vocab.answer.map((id, i) => [id, i + 1]));
    for (let v = 0; v < size; v++) embeddings[v * EMBEDDING + (dimension.get(v) ?? 0)] += 1;
    const next = [...vocab.answer, vocab.imEnd];
    // A margin of 2.5 * sqrt(EMBEDDING) = 20 in the logits after the RMS norm.
    next.forEach((token, d) => (output[token * EMBEDDING + d] += 2.5));
  }
  const residualScale = random ? 0.02 : 0.001;
  const ones = (n: number): Float32Array => new Float32Array(n).fill(1);
  const tensors: Tensor[] = [
    { name: 'token_embd.weight', shape: [EMBEDDING, size], data: embeddings },
    { name: 'output_norm.weight', shape: [EMBEDDING], data: ones(EMBEDDING) },
    { name: 'output.weight', shape: [EMBEDDING, size], data: output },
  ];
  for (let i = 0; i < BLOCKS; i++) {
    const block = (name: string, shape: number[], data: Float32Array): void => {
      tensors.push({ name: `blk.${i}.${name}.weight`, shape, data });
    };
    block('attn_norm', [EMBEDDING], ones(EMBEDDING));
    for (const name of ['attn_q', 'attn_k', 'attn_v']) block(name, [EMBEDDING, EMBEDDING], randn(EMBEDDING * EMBEDDING, 0.02));
    block('attn_output', [EMBEDDING, EMBEDDING], randn(EMBEDDING * EMBEDDING, residualScale));
    block('ffn_norm', [EMBEDDING], ones(EMBEDDING));
    block('ffn_gate', [EMBEDDING, FEED_FORWARD], randn(EMBEDDING * FEED_FORWARD, 0.02));
    block('ffn_up', [EMBEDDING, FEED_FORWARD], randn(EMBEDDING * FEED_FORWARD, 0.02));
    block('ffn_down', [FEED_FORWARD, EMBEDDING], randn(FEED_FORWARD * EMBEDDING, residualScale));
  }
  return tensors;
}

function buildMetadata(vocab: Vocabulary, options: MakeGgufOptions): [string, Value][] {
  const u32 = (value: number): Value => ({ type: ValueType.U32, value });
  const f32 = (value: number): Value => ({ type: ValueType.F32, value });
  const str = (value: string): Value => ({ type: ValueType.String, value });
  return [
    ['general.architecture', str('llama')],
    ['general.name', str(options.random ? 'tiny-random-llama' : 'tiny-scripted-llama')],
    ['general.file_type', u32(0)],
    ['general.alignment', u32(ALIGNMENT)],
    ['llama.context_length', u32(options.contextLength ?? 2048)],
    ['llama.embedding_length', u32(EMBEDDING)],
    ['llama.block_count', u32(BLOCKS)],
    ['llama.feed_forward_length', u32(FEED_FORWARD)],
    ['llama.attention.head_count', u32(HEADS)],
    ['llama.attention.head_count_kv', u32(HEADS)],
    ['llama.attention.layer_norm_rms_epsilon', f32(1e-5)],
    // Must equal the head size for the llama architecture.
    ['llama.rope.dimension_count', u32(HEAD_SIZE)],
    ['llama.rope.freq_base', f32(10000)],
    ['llama.vocab_size', u32(vocab.tokens.length)],
    ['tokenizer.ggml.model', str('llama')],
    ['tokenizer.ggml.tokens', { type: ValueType.Array, items: ValueType.String, value: vocab.tokens }],
    ['tokenizer.ggml.scores', { type: ValueType.Array, items: ValueType.F32, value: vocab.scores }],
    ['tokenizer.ggml.token_type', { type: ValueType.Array, items: ValueType.I32, value: vocab.types }],
    ['tokenizer.ggml.bos_token_id', u32(vocab.bos)],
    ['tokenizer.ggml.eos_token_id', u32(vocab.imEnd)],
    ['tokenizer.ggml.eot_token_id', u32(vocab.imEnd)],
    ['tokenizer.ggml.unknown_token_id', u32(vocab.unknown)],
    ['tokenizer.ggml.add_bos_token', { type: ValueType.Bool, value: true }],
    ['tokenizer.ggml.add_eos_token', { type: ValueType.Bool, value: false }],
    ['tokenizer.chat_template', str(CHATML_TEMPLATE)],
  ];
}

class ByteWriter {
  private readonly chunks: Buffer[] = [];
  length = 0;

  bytes(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }
  private fixed(size: number, write: (b: Buffer) => void): void {
    const b = Buffer.alloc(size);
    write(b);
    this.bytes(b);
  }
  u32(v: number): void {
    this.fixed(4, (b) => b.writeUInt32LE(v));
  }
  u64(v: number): void {
    this.fixed(8, (b) => b.writeBigUInt64LE(BigInt(v)));
  }
  scalar(type: ValueType, v: number | string | boolean): void {
    if (type === ValueType.U32) this.u32(Number(v));
    else if (type === ValueType.I32) this.fixed(4, (b) => b.writeInt32LE(Number(v)));
    else if (type === ValueType.F32) this.fixed(4, (b) => b.writeFloatLE(Number(v)));
    else if (type === ValueType.Bool) this.bytes(Buffer.from([v ? 1 : 0]));
    else this.string(String(v));
  }
  string(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.bytes(b);
  }
  padTo(alignment: number): void {
    this.bytes(Buffer.alloc(padding(this.length, alignment)));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function padding(n: number, alignment = ALIGNMENT): number {
  return (alignment - (n % alignment)) % alignment;
}

function serialize(metadata: [string, Value][], tensors: Tensor[]): Buffer {
  const w = new ByteWriter();
  w.bytes(Buffer.from('GGUF', 'ascii'));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(metadata.length);
  for (const [key, v] of metadata) {
    w.string(key);
    w.u32(v.type);
    if (v.type === ValueType.Array) {
      w.u32(v.items);
      w.u64(v.value.length);
      for (const item of v.value) w.scalar(v.items, item);
    } else {
      w.scalar(v.type, v.value);
    }
  }
  // Offsets are relative to the start of the data section: running sums of the padded sizes.
  let offset = 0;
  for (const t of tensors) {
    if (t.data.length !== t.shape.reduce((a, b) => a * b, 1)) throw new Error(`tensor ${t.name} has the wrong size`);
    w.string(t.name);
    w.u32(t.shape.length);
    for (const n of t.shape) w.u64(n);
    w.u32(0); // GGML_TYPE_F32
    w.u64(offset);
    offset += t.data.byteLength + padding(t.data.byteLength);
  }
  w.padTo(ALIGNMENT);
  for (const t of tensors) {
    w.bytes(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    w.padTo(ALIGNMENT);
  }
  return w.toBuffer();
}

function parseArgs(argv: string[]): { path: string; options: MakeGgufOptions } {
  const options: MakeGgufOptions = {};
  let path = 'tiny-llama.gguf';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--random') options.random = true;
    else if (arg === '--seed') options.seed = Number(next());
    else if (arg === '--ctx') options.contextLength = Number(next());
    else if (arg === '--answer') options.answer = next();
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else path = arg;
  }
  return { path, options };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { path, options } = parseArgs(process.argv.slice(2));
  void makeGguf(path, options).then((file) => {
    const what = file.answer === undefined ? 'random weights' : `answers "${file.answer}"`;
    console.log(`wrote ${file.path}: ${file.bytes} bytes, ${what}`);
  });
}
