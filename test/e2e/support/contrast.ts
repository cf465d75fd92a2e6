// WCAG contrast of rendered text: the element's color against the background actually behind it (its own
// and its ancestors' backgrounds composited, down to the first opaque one, or `fallback` when the webview
// itself is transparent and the workbench shows through).
import type { Locator } from 'playwright-core';
import type { PageElement, PageGlobals } from './pageTypes';

export interface Contrast {
  ratio: number;
  color: string;
  background: string;
}

type Rgba = [number, number, number, number];

/** `property` is the foreground: `color` for text, `accent-color` for a checked radio or checkbox. */
export async function textContrast(element: Locator, fallbackBackground: string, property: 'color' | 'accent-color' = 'color'): Promise<Contrast> {
  // Runs in the page. Helpers are methods of one object: tsx would wrap named local functions in a
  // `__name` helper that the page does not have.
  return element.evaluate((el: PageElement, [fallback, foreground]) => {
    const page = globalThis as unknown as PageGlobals;
    const c = {
      parse(css: string): Rgba {
        const n = (css.match(/[\d.]+/g) ?? []).map(Number);
        return [n[0] ?? 0, n[1] ?? 0, n[2] ?? 0, n.length > 3 ? n[3]! : 1];
      },
      over(top: Rgba, below: Rgba): Rgba {
        const a = top[3] + below[3] * (1 - top[3]);
        if (a === 0) return [0, 0, 0, 0];
        const mix = [0, 1, 2].map((i) => (top[i]! * top[3] + below[i]! * below[3] * (1 - top[3])) / a);
        return [mix[0]!, mix[1]!, mix[2]!, a];
      },
      luminance(rgba: Rgba): number {
        const [r, g, b] = rgba.slice(0, 3).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      },
      css(rgba: Rgba): string {
        return `rgb(${rgba.slice(0, 3).map(Math.round).join(', ')})`;
      },
    };
    const layers: Rgba[] = [];
    for (let node: PageElement | null = el; node; node = node.parentElement) {
      const bg = c.parse(page.getComputedStyle(node).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    let background = c.parse(fallback);
    for (const layer of layers.reverse()) background = c.over(layer, background);
    const color = c.over(c.parse(page.getComputedStyle(el).getPropertyValue(foreground)), background);
    const [hi, lo] = [c.luminance(color), c.luminance(background)].sort((a, b) => b - a);
    return { ratio: (hi! + 0.05) / (lo! + 0.05), color: c.css(color), background: c.css(background) };
  }, [fallbackBackground, property] as const);
}
