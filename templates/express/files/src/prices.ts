// Cost from prices.json (US dollars per 1M tokens, copied from promptyard's dated price table for the
// models this service was generated with). A model it does not list costs 0, with one warning.
import { readFileSync } from 'node:fs';

export interface Price {
  input: number;
  output: number;
}

export class Prices {
  private readonly warned = new Set<string>();
  constructor(
    private readonly models: Record<string, Price>,
    private readonly warn: (model: string) => void = () => {},
  ) {}

  static load(file: string, warn?: (model: string) => void): Prices {
    const table = JSON.parse(readFileSync(file, 'utf8')) as { models?: Record<string, Price> };
    return new Prices(table.models ?? {}, warn);
  }

  /** `modelId` is `provider/model`. */
  cost(modelId: string, inputTokens: number, outputTokens: number): number {
    const price = this.models[modelId];
    if (!price) {
      if (!this.warned.has(modelId)) {
        this.warned.add(modelId);
        this.warn(modelId);
      }
      return 0;
    }
    return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
  }
}
