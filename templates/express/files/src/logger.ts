// JSON logs on stdout, one object per line: ts, level, msg and the request's fields. Keys, Authorization
// headers and anything key-shaped are redacted before a line is written.
import { pino, type Logger } from 'pino';

const KEY_SHAPES = /\b(sk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abp]-[A-Za-z0-9-]{10,})/g;

export function scrub(text: string, secrets: string[] = []): string {
  let out = text.replace(KEY_SHAPES, '[redacted]');
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join('[redacted]');
  return out;
}

export function createLogger(level: string, secrets: string[], destination?: pino.DestinationStream): Logger {
  const clean = (value: unknown): unknown => (typeof value === 'string' ? scrub(value, secrets) : value);
  return pino(
    {
      level,
      base: undefined,
      messageKey: 'msg',
      timestamp: () => `,"ts":"${new Date().toISOString()}"`,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, clean(v)])),
      },
      redact: {
        paths: ['authorization', 'apiKey', 'api_key', 'headers.authorization', 'headers["x-api-key"]', 'req.headers.authorization', '*.apiKey', '*.authorization'],
        censor: '[redacted]',
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map(clean) as Parameters<typeof method>);
        },
      },
    },
    destination ?? pino.destination({ sync: false }),
  );
}

export type { Logger };
