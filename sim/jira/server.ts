// The Jira Cloud simulator's HTTPS server: REST v3 at `/rest/api/3`, HTTP Basic with an account's email
// and API token. Jira's quirks that a connector must survive are kept: a bad token on most paths is an
// anonymous caller (empty or 404 answers, not 401; only /myself says 401), `users/search` returns a bare
// array with no total and may return fewer rows than asked, PageBeans cap `maxResults` below what was
// asked, and 429s carry Retry-After and X-RateLimit-Reset.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ReplyScheduler } from '../shared/replies.ts';
import type { ErrorReply } from '../shared/replies.ts';
import { createRouteMatcher } from '../shared/route-table.ts';
import { RateWindows, retryAfterHeader, scaledWindowMs } from '../shared/rate-limits.ts';
import { requestUrl, resetConnection, startTlsServer } from '../shared/server.ts';
import { FaultState, type JiraFaults } from './faults.ts';
import {
  generateJiraSite,
  type GeneratedJiraSite,
  type JiraSiteOptions,
  type JiraUserRecord,
} from './site-generator.ts';

export interface JiraSimOptions extends JiraSiteOptions {
  requestsPerMinute?: number;
  timeScale?: number;
  latencyMs?: number;
  faults?: JiraFaults;
  port?: number;
  clock?: () => number;
}

export interface JiraSimStats {
  requests: number;
  requestsByOperation: Record<string, number>;
  unauthorized: number;
  rateLimited: number;
  serverErrorsSent: number;
  connectionsReset: number;
}

export interface JiraSimulator {
  /** `https://127.0.0.1:PORT`: the site URL (what `--site` takes). */
  url: string;
  caPem: string;
  /** The administrator's email and API token. */
  email: string;
  token: string;
  /** A plain user's credentials (no global permission). */
  userEmail: string;
  userToken: string;
  site: GeneratedJiraSite;
  stats(): JiraSimStats;
  resetStats(): void;
  setFaults(faults: JiraFaults): void;
  close(): Promise<void>;
}

class JiraError implements ErrorReply {
  constructor(
    readonly status: number,
    private readonly messages: string[],
    readonly headers: Record<string, string> = {},
  ) {}
  body() {
    return { errorMessages: this.messages, errors: {} };
  }
}

const NOT_JIRA_HTML =
  '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>\n';
const UNAVAILABLE_HTML =
  '<!DOCTYPE html><html><head><title>Atlassian</title></head><body><h1>Site temporarily unavailable</h1></body></html>\n';

interface Caller {
  user: JiraUserRecord | null;
  admin: boolean;
}

interface Ctx {
  url: URL;
  params: Record<string, string>;
  caller: Caller;
  origin: string;
  skew: number;
}

type Handler = (ctx: Ctx) => unknown;

export async function startJiraSimulator(options: JiraSimOptions = {}): Promise<JiraSimulator> {
  const clock = options.clock ?? Date.now;
  const site = generateJiraSite(options);
  const faults = new FaultState(options.faults);
  const windows = new RateWindows({
    windowMs: scaledWindowMs(60_000, options.timeScale ?? 1),
    align: 'first-request',
    clock,
  });
  const limit = options.requestsPerMinute ?? 6000;
  const users = new Map(site.users.map((u) => [u.accountId, u]));
  const groupsById = new Map(site.groups.map((g) => [g.groupId, g]));
  const admin = users.get(site.adminAccountId) as JiraUserRecord;
  const plain = users.get(site.userAccountId) as JiraUserRecord;
  const credentials = new Map<string, JiraUserRecord>([
    [`${admin.email}:${randomBytes(18).toString('base64url')}`, admin],
    [`${plain.email}:${randomBytes(18).toString('base64url')}`, plain],
  ]);
  const [adminCredential, plainCredential] = [...credentials.keys()] as [string, string];
  const adminGroups = new Set(site.adminGroupIds);
  const isAdmin = (user: JiraUserRecord) =>
    site.groups.some((g) => adminGroups.has(g.groupId) && g.members.includes(user.accountId));
  let stats: JiraSimStats = {
    requests: 0,
    requestsByOperation: {},
    unauthorized: 0,
    rateLimited: 0,
    serverErrorsSent: 0,
    connectionsReset: 0,
  };
  let origin = '';
  const replies = new ReplyScheduler({
    newRequestId: () => randomBytes(8).toString('hex'),
    jsonHeaders: (id) => ({
      'content-type': 'application/json;charset=UTF-8',
      'atl-traceid': id,
      'x-arequestid': id,
      'x-aaccountid': '',
      'cache-control': 'no-cache, no-store, no-transform',
    }),
    htmlHeaders: (id) => ({ 'content-type': 'text/html;charset=UTF-8', 'atl-traceid': id }),
  });

  const avatars = (seed: string) =>
    Object.fromEntries(
      ['48x48', '24x24', '16x16', '32x32'].map((size) => [
        size,
        `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/${seed.slice(-6)}/${size}.png`,
      ]),
    );
  const userJson = (u: JiraUserRecord, o: string, details = false) => ({
    self: `${o}/rest/api/3/user?accountId=${encodeURIComponent(u.accountId)}`,
    accountId: u.accountId,
    accountType: u.accountType,
    ...(u.emailVisible && u.email ? { emailAddress: u.email } : {}),
    avatarUrls: avatars(u.accountId),
    displayName: u.displayName,
    active: u.active,
    ...(u.accountType === 'atlassian' || details ? { timeZone: u.timeZone } : {}),
    ...(u.accountType === 'atlassian' && !details ? { locale: u.locale } : {}),
  });
  const pageBean = <T>(ctx: Ctx, path: string, items: T[], cap: number, render: (item: T) => unknown) => {
    const startAt = Math.max(0, Number(ctx.url.searchParams.get('startAt') ?? 0) || 0);
    const asked = Number(ctx.url.searchParams.get('maxResults') ?? 50) || 50;
    const maxResults = Math.min(Math.max(1, asked), cap);
    const slice = items.slice(startAt, startAt + maxResults);
    const isLast = startAt + maxResults >= items.length;
    const self = new URL(ctx.url);
    const next = new URL(ctx.url);
    next.searchParams.set('startAt', String(startAt + maxResults));
    next.searchParams.set('maxResults', String(maxResults));
    return {
      self: `${ctx.origin}${path}${self.search}`,
      ...(isLast ? {} : { nextPage: `${ctx.origin}${path}?${next.searchParams.toString()}` }),
      maxResults,
      startAt,
      total: items.length + ctx.skew,
      isLast,
      values: slice.map(render),
    };
  };
  const needBrowse = (ctx: Ctx) => {
    if (!ctx.caller.user)
      throw new JiraError(401, [
        'You are not authenticated. Authentication required to perform this operation.',
      ]);
    if (!ctx.caller.admin)
      throw new JiraError(403, [
        "You don't have the permission to access this resource. Browse users and groups global permission is required.",
      ]);
  };
  const project = (ctx: Ctx) => {
    const key = ctx.params.key ?? '';
    const found = site.projects.find((p) => p.key === key || p.id === key);
    // Anonymous callers and accounts without Administer Projects do not learn the project exists.
    if (!found || !ctx.caller.admin)
      throw new JiraError(404, [`No project could be found with key '${key}'.`]);
    return found;
  };

  const routes: Array<{ path: string; operation: string; handle: Handler }> = [
    {
      path: '/rest/api/3/myself',
      operation: '/rest/api/3/myself',
      handle: (ctx) => {
        const user = ctx.caller.user as JiraUserRecord;
        return {
          ...userJson(user, ctx.origin),
          groups: { size: 0, items: [] },
          applicationRoles: { size: 1, items: [] },
          expand: 'groups,applicationRoles',
        };
      },
    },
    {
      path: '/rest/api/3/mypermissions',
      operation: '/rest/api/3/mypermissions',
      handle: (ctx) => {
        const asked = (ctx.url.searchParams.get('permissions') ?? '').split(',').filter(Boolean);
        if (asked.length === 0) throw new JiraError(400, ['The permissions query parameter is required.']);
        const known: Record<
          string,
          { id: string; name: string; type: string; description: string; have: boolean }
        > = {
          ADMINISTER: {
            id: '0',
            name: 'Administer Jira',
            type: 'GLOBAL',
            description:
              'Create and administer projects, issue types, fields, workflows, and schemes for all projects.',
            have: ctx.caller.admin,
          },
          USER_PICKER: {
            id: '27',
            name: 'Browse users and groups',
            type: 'GLOBAL',
            description: 'View and select users or groups from the user picker, and share issues.',
            have: ctx.caller.admin,
          },
        };
        const permissions: Record<string, unknown> = {};
        for (const key of asked) {
          const p = known[key];
          if (!p) throw new JiraError(404, [`No permission exists with key: ${key}`]);
          permissions[key] = {
            id: p.id,
            key,
            name: p.name,
            type: p.type,
            description: p.description,
            havePermission: p.have,
          };
        }
        return { permissions };
      },
    },
    {
      path: '/rest/api/3/users/search',
      operation: '/rest/api/3/users/search',
      handle: (ctx) => {
        // Anonymous callers get an empty list, not an error (JRACLOUD-94680).
        if (!ctx.caller.user) return [];
        if (!ctx.caller.admin)
          throw new JiraError(403, ['Browse users and groups global permission is required.']);
        const startAt = Math.max(0, Number(ctx.url.searchParams.get('startAt') ?? 0) || 0);
        const maxResults = Math.min(
          Math.max(1, Number(ctx.url.searchParams.get('maxResults') ?? 50) || 50),
          100,
        );
        return site.users.slice(startAt, startAt + maxResults).map((u) => userJson(u, ctx.origin));
      },
    },
    {
      path: '/rest/api/3/group/bulk',
      operation: '/rest/api/3/group/bulk',
      handle: (ctx) => {
        needBrowse(ctx);
        return pageBean(ctx, '/rest/api/3/group/bulk', site.groups, 50, (g) => ({
          name: g.name,
          groupId: g.groupId,
        }));
      },
    },
    {
      path: '/rest/api/3/group/member',
      operation: '/rest/api/3/group/member',
      handle: (ctx) => {
        needBrowse(ctx);
        const id = ctx.url.searchParams.get('groupId');
        const name = ctx.url.searchParams.get('groupname');
        const g = id ? groupsById.get(id) : site.groups.find((x) => x.name === name);
        if (!g) throw new JiraError(404, [`Specified group does not exist.`]);
        const inactive = ctx.url.searchParams.get('includeInactiveUsers') === 'true';
        const members = g.members
          .map((m) => users.get(m) as JiraUserRecord)
          .filter((u) => inactive || u.active);
        return pageBean(ctx, '/rest/api/3/group/member', members, 50, (u) => userJson(u, ctx.origin, true));
      },
    },
    {
      path: '/rest/api/3/project/search',
      operation: '/rest/api/3/project/search',
      handle: (ctx) => {
        // Anonymous callers see only public projects (none here): total 0, not 401.
        const visible = ctx.caller.user ? site.projects : [];
        return pageBean(ctx, '/rest/api/3/project/search', visible, 50, (p) => ({
          expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
          self: `${ctx.origin}/rest/api/3/project/${p.id}`,
          id: p.id,
          key: p.key,
          name: p.name,
          avatarUrls: avatars(p.id),
          projectTypeKey: p.projectTypeKey,
          simplified: p.simplified,
          style: p.simplified ? 'next-gen' : 'classic',
          isPrivate: p.isPrivate,
          properties: {},
          uuid: `${p.id.padStart(8, '0')}-0000-4000-a000-000000000000`,
        }));
      },
    },
    {
      path: '/rest/api/3/project/:key/role',
      operation: '/rest/api/3/project/{projectIdOrKey}/role',
      handle: (ctx) => {
        const p = project(ctx);
        return Object.fromEntries(
          site.roles.map((r) => [r.name, `${ctx.origin}/rest/api/3/project/${p.id}/role/${r.id}`]),
        );
      },
    },
    {
      path: '/rest/api/3/project/:key/role/:id',
      operation: '/rest/api/3/project/{projectIdOrKey}/role/{id}',
      handle: (ctx) => {
        const p = project(ctx);
        const role = site.roles.find((r) => String(r.id) === ctx.params.id);
        if (!role) throw new JiraError(404, [`Can not retrieve a role actor for a null project role.`]);
        const exclude = ctx.url.searchParams.get('excludeInactiveUsers') === 'true';
        let actorId = 10_000 + Number(p.id) * 10;
        const actors = (p.roleActors.get(role.id) ?? []).flatMap((a): Array<Record<string, unknown>> => {
          actorId++;
          if (a.type === 'user') {
            const u = users.get(a.accountId) as JiraUserRecord;
            if (exclude && !u.active) return [];
            return [
              {
                id: actorId,
                displayName: u.displayName,
                type: 'atlassian-user-role-actor',
                actorUser: { accountId: u.accountId },
              },
            ];
          }
          const g = groupsById.get(a.groupId);
          if (!g) return [];
          return [
            {
              id: actorId,
              displayName: g.name,
              type: 'atlassian-group-role-actor',
              name: g.name,
              actorGroup: { name: g.name, displayName: g.name, groupId: g.groupId },
            },
          ];
        });
        return {
          self: `${ctx.origin}/rest/api/3/project/${p.id}/role/${role.id}`,
          name: role.name,
          id: role.id,
          description: role.description,
          actors,
        };
      },
    },
  ];
  const match = createRouteMatcher(routes);

  const authenticate = (req: IncomingMessage): Caller | 'bad' => {
    const header = req.headers.authorization;
    if (!header) return { user: null, admin: false };
    const m = /^Basic\s+(\S+)$/i.exec(header.trim());
    const decoded = m ? Buffer.from(m[1] as string, 'base64').toString('utf8') : '';
    const user = credentials.get(decoded);
    if (!user || faults.faults.expiredToken) return 'bad';
    return { user, admin: isAdmin(user) };
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    stats.requests++;
    if (faults.countRequestAndCheckReset()) {
      stats.connectionsReset++;
      return resetConnection(req);
    }
    const url = requestUrl(req, origin);
    const reply = replies.reply(res, (options.latencyMs ?? 0) + faults.extraDelayMs(url.pathname));
    if (faults.faults.wrongDomain || !url.pathname.startsWith('/rest/api/3/'))
      return reply.html(404, NOT_JIRA_HTML);
    const found = req.method === 'GET' ? match(url.pathname) : undefined;
    const operation = found?.route.operation ?? 'unknown';
    stats.requestsByOperation[operation] = (stats.requestsByOperation[operation] ?? 0) + 1;
    const auth = req.headers.authorization ?? 'anonymous';
    const decision = faults.faults.rateLimitStorm
      ? {
          allowed: false,
          limit,
          remaining: 0,
          used: limit,
          resetMs: Math.ceil((clock() + 1000) / 1000) * 1000,
        }
      : windows.take(auth, limit);
    const rateHeaders = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(decision.remaining),
    };
    if (!decision.allowed) {
      stats.rateLimited++;
      return reply.json(429, JSON.stringify({ errorMessages: ['Rate limit exceeded.'], errors: {} }), {
        ...rateHeaders,
        ...retryAfterHeader(decision.resetMs, clock()),
        'x-ratelimit-reset': new Date(decision.resetMs).toISOString(),
        'ratelimit-reason': 'jira-burst-based',
      });
    }
    const injected = faults.takeServerError();
    if (injected) {
      stats.serverErrorsSent++;
      if (injected === 503)
        return replies
          .reply(res, 0)
          .json(503, UNAVAILABLE_HTML, { 'content-type': 'text/html;charset=UTF-8', 'retry-after': '1' });
      return reply.error(new JiraError(500, ['Internal server error']), rateHeaders);
    }
    const caller = authenticate(req);
    // A bad credential: /myself says 401; elsewhere Jira carries on as an anonymous caller.
    const effective: Caller = caller === 'bad' ? { user: null, admin: false } : caller;
    if (url.pathname === '/rest/api/3/myself' && !effective.user) {
      stats.unauthorized++;
      return replies.reply(res, 0).json(401, 'Client must be authenticated to access this resource.', {
        'content-type': 'text/plain;charset=UTF-8',
        'www-authenticate': 'OAuth realm="https%3A%2F%2Fapi.atlassian.com"',
      });
    }
    try {
      if (faults.isForbidden(url.pathname))
        throw new JiraError(403, ['You do not have permission to perform this operation.']);
      if (!found) throw new JiraError(404, ['null for uri: ' + url.toString()]);
      const body = found.route.handle({
        url,
        params: found.params,
        caller: effective,
        origin,
        skew: faults.faults.countSkew ?? 0,
      });
      reply.json(200, JSON.stringify(body), rateHeaders);
    } catch (error) {
      if (error instanceof JiraError) {
        if (error.status === 401) stats.unauthorized++;
        return reply.error(error, rateHeaders);
      }
      console.error('jira simulator: unexpected error', error);
      reply.error(new JiraError(500, ['Internal server error']), rateHeaders);
    }
  };

  const server = await startTlsServer(handle, { port: options.port, replies });
  origin = server.origin;
  const split = (c: string) => [c.slice(0, c.indexOf(':')), c.slice(c.indexOf(':') + 1)] as const;
  return {
    url: origin,
    caPem: server.caPem,
    email: split(adminCredential)[0],
    token: split(adminCredential)[1],
    userEmail: split(plainCredential)[0],
    userToken: split(plainCredential)[1],
    site,
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = {
        requests: 0,
        requestsByOperation: {},
        unauthorized: 0,
        rateLimited: 0,
        serverErrorsSent: 0,
        connectionsReset: 0,
      };
    },
    setFaults: (next) => faults.set(next),
    close: () => server.close(),
  };
}
