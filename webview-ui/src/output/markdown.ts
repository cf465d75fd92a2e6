// Model output is untrusted (SECURITY.md): Markdown is parsed by marked and the HTML sanitized by
// DOMPurify with an allow-list of text tags, before any of it touches the live document. Nothing can load
// (no img, svg, iframe, object, embed, style, form, media) and nothing can run (no on* attributes, no
// javascript:, command: or data: links). Markdown images become their alt text, or a link to the image.
import DOMPurify, { type Config } from 'dompurify';
import { Marked, type Tokens } from 'marked';

const ALLOWED_TAGS = [
  'a', 'abbr', 'b', 'blockquote', 'br', 'code', 'dd', 'del', 'details', 'div', 'dl', 'dt', 'em',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q',
  's', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'tr', 'u', 'ul',
];
const FORBIDDEN_TAGS = [
  'img', 'svg', 'image', 'iframe', 'object', 'embed', 'form', 'style', 'script', 'link', 'meta', 'base',
  'math', 'video', 'audio', 'source', 'track', 'picture', 'input', 'button', 'textarea', 'select',
  'frame', 'frameset', 'template', 'noscript', 'canvas', 'portal', 'use', 'foreignobject',
];
const FORBIDDEN_ATTRS = ['style', 'src', 'srcset', 'srcdoc', 'action', 'formaction', 'background', 'poster', 'xlink:href', 'ping', 'target', 'data'];
/** The only link targets kept; VS Code opens them outside the webview. */
export const SAFE_HREF = /^(?:https?:|mailto:)/i;

const CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ['href', 'title', 'align', 'start', 'colspan', 'rowspan', 'open'],
  FORBID_TAGS: FORBIDDEN_TAGS,
  FORBID_ATTR: FORBIDDEN_ATTRS,
  ALLOWED_URI_REGEXP: SAFE_HREF,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  KEEP_CONTENT: true,
};

type Purifier = ReturnType<typeof DOMPurify>;
let purifier: Purifier | undefined;

function purify(): Purifier {
  if (purifier) return purifier;
  // Our own instance, so these hooks apply to nothing else.
  const p = DOMPurify(window);
  p.addHook('uponSanitizeAttribute', (_node, data) => {
    if (/^on/i.test(data.attrName)) data.keepAttr = false;
  });
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const a = node as HTMLAnchorElement;
    const href = a.getAttribute('href');
    if (href !== null && !SAFE_HREF.test(href.trim())) a.removeAttribute('href');
    if (a.hasAttribute('href')) a.setAttribute('rel', 'noopener noreferrer');
  });
  return (purifier = p);
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    image({ href, text }: Tokens.Image): string {
      const label = escapeHtml(text || 'image');
      return SAFE_HREF.test(href) ? `<a href="${escapeHtml(href)}" title="Image (not loaded)">[image: ${label}]</a>` : `[image: ${label}]`;
    },
    checkbox({ checked }: Tokens.Checkbox): string {
      return checked ? '☑ ' : '☐ ';
    },
  },
});

/** Markdown → a sanitized fragment, ready to insert. */
export function renderMarkdown(text: string): DocumentFragment {
  const html = marked.parse(text, { async: false });
  return purify().sanitize(html, { ...CONFIG, RETURN_DOM_FRAGMENT: true });
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Link clicks inside rendered output: safe links are left to VS Code (its webview opens them outside, the
 * page never navigates); anything else is stopped before VS Code's own handler sees it.
 */
export function guardLinkClicks(root: HTMLElement): void {
  const onClick = (event: MouseEvent): void => {
    const target = event.target as Element | null;
    const a = target?.closest?.('a');
    if (!a) return;
    event.preventDefault();
    const href = a.getAttribute('href');
    if (href === null || !SAFE_HREF.test(href.trim())) event.stopPropagation();
  };
  root.addEventListener('click', onClick);
  root.addEventListener('auxclick', onClick);
}
