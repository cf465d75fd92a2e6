// Hosts a StreamView: the component tree renders an empty container once, the view fills it and the
// delta batcher updates it once per frame. Re-renders of the column never touch its content.
import type { JSX } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { StreamView, type OutputMode } from '../output/streamView';
import { useServices } from './context';

export function OutputBody({ streamKey, mode, live, label }: { streamKey: string; mode: OutputMode; live: boolean; label: string }): JSX.Element {
  const { pg } = useServices();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<StreamView | undefined>(undefined);
  const liveRef = useRef(live);
  liveRef.current = live;

  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    const v = new StreamView(el.ownerDocument, mode);
    view.current = v;
    el.replaceChildren(v.element);
    const { text, finished } = pg.batcher.attach(streamKey, v);
    v.reset(text, finished || !liveRef.current);
    return () => {
      pg.batcher.detach(streamKey, v);
      view.current = undefined;
    };
    // A new stream gets a new view; the mode changes in place (below).
  }, [streamKey, pg]);

  useLayoutEffect(() => {
    view.current?.setMode(mode, !liveRef.current);
  }, [mode]);

  // Not a live region: a screen reader hears the column's status ("Done"), then reads the answer on demand.
  return <div class="output-host" data-testid="output-body" ref={host} aria-label={label} role="region" />;
}

/** A settled text (an earlier turn of a continued column), rendered once. */
export function StaticOutput({ text, mode }: { text: string; mode: OutputMode }): JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    const v = new StreamView(el.ownerDocument, mode);
    v.reset(text, true);
    el.replaceChildren(v.element);
  }, [text, mode]);
  return <div class="output-host prior" ref={host} />;
}
