// A textarea that grows with its text and that an outside change (a bound file edited elsewhere) does not
// clobber: the value is written only when it differs, and the caret and selection of a focused textarea
// are kept (clamped to the new length).
import type { JSX, TextareaHTMLAttributes } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onInput'> & {
  value: string;
  onValue(value: string): void;
};

const supportsFieldSizing = typeof CSS !== 'undefined' && typeof CSS.supports === 'function' && CSS.supports('field-sizing', 'content');

export function AutoTextarea({ value, onValue, ...rest }: Props): JSX.Element {
  const ref = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.value !== value) writeKeepingSelection(el, value);
    grow(el);
  }, [value]);
  return (
    <textarea
      {...rest}
      ref={ref}
      onInput={(e) => {
        grow(e.currentTarget);
        onValue(e.currentTarget.value);
      }}
    />
  );
}

export function writeKeepingSelection(el: HTMLTextAreaElement | HTMLInputElement, value: string): void {
  const focused = el.ownerDocument.activeElement === el;
  const start = el.selectionStart ?? value.length;
  const end = el.selectionEnd ?? value.length;
  const direction = el.selectionDirection ?? undefined;
  el.value = value;
  if (focused) el.setSelectionRange(Math.min(start, value.length), Math.min(end, value.length), direction);
}

function grow(el: HTMLTextAreaElement): void {
  if (supportsFieldSizing) return;
  el.style.height = 'auto';
  el.style.height = `${el.scrollHeight + 2}px`;
}
