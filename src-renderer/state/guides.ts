// Integration guides (markdown per connector), fetched once per kind.
import { useEffect, useState } from 'react';
import { callApi } from './api-client.ts';
import type { ApiCallError } from '../transport/api-call-error.ts';

const cache = new Map<string, Promise<string>>();

function loadGuide(kind: string): Promise<string> {
  let guide = cache.get(kind);
  if (!guide) {
    guide = callApi('connectors.guide', { kind }).then((g) => g.markdown);
    guide.catch(() => cache.delete(kind));
    cache.set(kind, guide);
  }
  return guide;
}

export function useGuide(kind: string | null): { markdown: string | null; error: ApiCallError | null } {
  const [state, setState] = useState<{
    kind: string | null;
    markdown: string | null;
    error: ApiCallError | null;
  }>({ kind: null, markdown: null, error: null });
  useEffect(() => {
    if (!kind) return;
    let live = true;
    loadGuide(kind).then(
      (markdown) => live && setState({ kind, markdown, error: null }),
      (error: ApiCallError) => live && setState({ kind, markdown: null, error }),
    );
    return () => {
      live = false;
    };
  }, [kind]);
  return state.kind === kind ? state : { markdown: null, error: null };
}
