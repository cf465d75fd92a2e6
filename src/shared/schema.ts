// A tiny closed-schema validator for messages that cross a trust boundary (webview → host). Closed: unknown
// keys are refused; every string and array is size-capped; prototype keys are refused. No imports.

export type Check<T> = (value: unknown, path: string) => T;

export class SchemaError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'SchemaError';
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function str(maxLength = 10_000, pattern?: RegExp): Check<string> {
  return (v, path) => {
    if (typeof v !== 'string') throw new SchemaError(path, 'expected a string');
    if (v.length > maxLength) throw new SchemaError(path, `longer than ${maxLength}`);
    if (pattern && !pattern.test(v)) throw new SchemaError(path, 'has the wrong shape');
    return v;
  };
}

export function num(min = -Number.MAX_VALUE, max = Number.MAX_VALUE, integer = false): Check<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SchemaError(path, 'expected a finite number');
    if (v < min || v > max) throw new SchemaError(path, `outside ${min}..${max}`);
    if (integer && !Number.isInteger(v)) throw new SchemaError(path, 'expected a whole number');
    return v;
  };
}

export const bool: Check<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw new SchemaError(path, 'expected true or false');
  return v;
};

export function literal<const T extends string | number | boolean>(...values: T[]): Check<T> {
  return (v, path) => {
    if (!values.includes(v as T)) throw new SchemaError(path, `expected one of ${values.join(', ')}`);
    return v as T;
  };
}

export function arr<T>(item: Check<T>, maxItems = 1_000): Check<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) throw new SchemaError(path, 'expected a list');
    if (v.length > maxItems) throw new SchemaError(path, `more than ${maxItems} items`);
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };
}

type Shape = Record<string, Check<unknown>>;
type Optional<T> = Check<T> & { optional: true };
type Out<S extends Shape> = { [K in keyof S as S[K] extends Optional<unknown> ? never : K]: ReturnType<S[K]> } & {
  [K in keyof S as S[K] extends Optional<unknown> ? K : never]?: S[K] extends Check<infer U> ? U : never;
};

export function opt<T>(check: Check<T>): Optional<T | undefined> {
  const wrapped = ((v: unknown, path: string) => (v === undefined ? undefined : check(v, path))) as Optional<T | undefined>;
  wrapped.optional = true;
  return wrapped;
}

function plainObject(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new SchemaError(path, 'expected an object');
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw new SchemaError(path, 'expected a plain object');
  for (const key of Object.keys(v)) if (FORBIDDEN_KEYS.has(key)) throw new SchemaError(path, `forbidden key ${key}`);
  return v as Record<string, unknown>;
}

/** A closed object: exactly the keys of the shape (optional ones may be absent). */
export function obj<S extends Shape>(shape: S): Check<Out<S>> {
  return (v, path) => {
    const o = plainObject(v, path);
    for (const key of Object.keys(o)) if (!(key in shape)) throw new SchemaError(`${path}.${key}`, 'unknown key');
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const value = check(o[key], `${path}.${key}`);
      if (value !== undefined) out[key] = value;
    }
    return out as Out<S>;
  };
}

/** An object used as a map: capped number of keys, each key matching `keyPattern`. */
export function record<T>(value: Check<T>, maxKeys = 200, keyPattern = /^[A-Za-z_][\w.-]{0,127}$/): Check<Record<string, T>> {
  return (v, path) => {
    const o = plainObject(v, path);
    const keys = Object.keys(o);
    if (keys.length > maxKeys) throw new SchemaError(path, `more than ${maxKeys} keys`);
    const out: Record<string, T> = Object.create(null) as Record<string, T>;
    for (const key of keys) {
      if (!keyPattern.test(key)) throw new SchemaError(`${path}.${key}`, 'bad key');
      out[key] = value(o[key], `${path}.${key}`);
    }
    return { ...out };
  };
}

/** Any JSON value (for JSON Schemas), capped in depth and total size. */
export function json(maxDepth = 20, maxNodes = 5_000): Check<unknown> {
  return (v, path) => {
    let nodes = 0;
    const walk = (x: unknown, depth: number, at: string): unknown => {
      if (++nodes > maxNodes) throw new SchemaError(path, 'too large');
      if (depth > maxDepth) throw new SchemaError(at, 'nested too deeply');
      if (x === null || typeof x === 'boolean' || typeof x === 'string') {
        if (typeof x === 'string' && x.length > 100_000) throw new SchemaError(at, 'string too long');
        return x;
      }
      if (typeof x === 'number') {
        if (!Number.isFinite(x)) throw new SchemaError(at, 'not a finite number');
        return x;
      }
      if (Array.isArray(x)) return x.map((y, i) => walk(y, depth + 1, `${at}[${i}]`));
      const o = plainObject(x, at);
      const out: Record<string, unknown> = {};
      for (const [k, y] of Object.entries(o)) out[k] = walk(y, depth + 1, `${at}.${k}`);
      return out;
    };
    return walk(v, 0, path);
  };
}

export function oneOf<T>(...checks: Check<T>[]): Check<T> {
  return (v, path) => {
    let last: unknown;
    for (const check of checks) {
      try {
        return check(v, path);
      } catch (e) {
        last = e;
      }
    }
    throw last instanceof SchemaError ? last : new SchemaError(path, 'matches no allowed shape');
  };
}
