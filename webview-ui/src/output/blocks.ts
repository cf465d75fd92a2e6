// Where streamed Markdown can be cut: a block that ended stays rendered, only the tail re-renders. No DOM.

/**
 * The end of the last blank line after `from` that lies outside a fenced code block, counting only
 * complete lines; `from` when there is none. `from` itself is always outside a fence.
 */
export function safeBoundary(text: string, from: number): number {
  let boundary = from;
  let fence: string | undefined;
  let lineStart = from;
  for (;;) {
    const newline = text.indexOf('\n', lineStart);
    if (newline < 0) return boundary;
    const line = text.slice(lineStart, newline);
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    } else if (fence === undefined && line.trim() === '') {
      boundary = newline + 1;
    }
    lineStart = newline + 1;
  }
}
