// A simulator's route table: paths with `:param` segments, matched segment by segment, params decoded.
// Shared by every simulator so their routing behaves the same.

export interface RouteMatch<R> {
  route: R;
  params: Record<string, string>;
}

export type RouteMatcher<R> = (pathname: string) => RouteMatch<R> | undefined;

export function createRouteMatcher<R extends { path: string }>(routes: readonly R[]): RouteMatcher<R> {
  const compiled = routes.map((route) => ({ route, segments: route.path.split('/') }));
  return (pathname) => {
    const parts = pathname.split('/');
    for (const { route, segments } of compiled) {
      if (segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let matched = true;
      for (let i = 0; i < segments.length && matched; i++) {
        const segment = segments[i] as string;
        const part = parts[i] as string;
        if (segment.startsWith(':')) {
          if (part === '') matched = false;
          else params[segment.slice(1)] = safeDecode(part);
        } else if (segment !== part) {
          matched = false;
        }
      }
      if (matched) return { route, params };
    }
    return undefined;
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
