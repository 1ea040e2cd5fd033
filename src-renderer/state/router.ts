// Hash routing: works the same under `vouch serve` (http://127.0.0.1) and Electron's custom protocol, and
// survives a reload. Routes are parsed into a small union the pages switch on.
import { create } from 'zustand';

export type Route =
  | { page: 'dashboard' }
  | { page: 'sources'; errorFor: string | null }
  | { page: 'gallery' }
  | { page: 'add-source'; kind: string }
  | { page: 'evidence' }
  | { page: 'artifact'; id: string }
  | { page: 'people'; source: string | null }
  | { page: 'person'; id: number }
  | { page: 'settings' };

export function parseRoute(hash: string): Route {
  const [rawPath = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = rawPath.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  switch (parts[0]) {
    case 'sources':
      if (parts[1] === 'add') return parts[2] ? { page: 'add-source', kind: parts[2] } : { page: 'gallery' };
      return { page: 'sources', errorFor: params.get('error') };
    case 'evidence':
      return parts[1] ? { page: 'artifact', id: parts[1] } : { page: 'evidence' };
    case 'people': {
      const id = Number(parts[1]);
      if (parts[1] && Number.isSafeInteger(id) && id > 0) return { page: 'person', id };
      return { page: 'people', source: params.get('source') };
    }
    case 'settings':
      return { page: 'settings' };
    default:
      return { page: 'dashboard' };
  }
}

export function hrefFor(route: Route): string {
  switch (route.page) {
    case 'dashboard':
      return '#/';
    case 'sources':
      return route.errorFor ? `#/sources?error=${encodeURIComponent(route.errorFor)}` : '#/sources';
    case 'gallery':
      return '#/sources/add';
    case 'add-source':
      return `#/sources/add/${encodeURIComponent(route.kind)}`;
    case 'evidence':
      return '#/evidence';
    case 'artifact':
      return `#/evidence/${encodeURIComponent(route.id)}`;
    case 'people':
      return route.source ? `#/people?source=${encodeURIComponent(route.source)}` : '#/people';
    case 'person':
      return `#/people/${route.id}`;
    case 'settings':
      return '#/settings';
  }
}

interface RouterState {
  route: Route;
}

export const useRouter = create<RouterState>()(() => ({ route: parseRoute(window.location.hash) }));

window.addEventListener('hashchange', () => {
  useRouter.setState({ route: parseRoute(window.location.hash) });
});

export function navigate(route: Route): void {
  const href = hrefFor(route);
  if (window.location.hash === href) useRouter.setState({ route: parseRoute(href) });
  else window.location.hash = href;
}
