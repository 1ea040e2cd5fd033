// App instances of the generated org: what `GET /api/v1/apps` returns for each sign-on mode (filled in so
// that every property Okta's schemas require for that mode is present), and who is assigned to them.
import type { SeededRandom } from '../shared/random.ts';
import { APP_TEMPLATES } from './catalog.ts';
import type { AppTemplate } from './catalog.ts';
import { DAY, sampleDistinct, timestamp } from './org-primitives.ts';
import type { GenerationContext } from './org-primitives.ts';
import type { GeneratedOktaOrg, OktaAppRecord, OktaGroupRecord, OktaUserRecord } from './org-types.ts';

const PROVISIONING_FEATURES = [
  'IMPORT_NEW_USERS',
  'PUSH_NEW_USERS',
  'PUSH_PROFILE_UPDATES',
  'PUSH_USER_DEACTIVATION',
  'REACTIVATE_USERS',
];

const NO_VPN = { vpn: { network: { connection: 'DISABLED' } } };

interface AppRecordInput {
  index: number;
  id: string;
  orgId: string;
  created: string;
  lastUpdated: string;
  rng: SeededRandom;
}

function appTemplateFor(index: number): AppTemplate {
  return APP_TEMPLATES[index % APP_TEMPLATES.length] as AppTemplate;
}

function buildAppRecord({ index, id, orgId, created, lastUpdated, rng }: AppRecordInput): OktaAppRecord {
  const template = appTemplateFor(index);
  const round = Math.floor(index / APP_TEMPLATES.length);
  const label = round === 0 ? template.label : `${template.label} ${round + 1}`;
  const userNameTemplate = { template: '${source.login}', type: 'BUILT_IN' };
  const base = {
    id,
    orn: `orn:okta:idp:${orgId}:apps:${template.name}:${id}`,
    name: template.name,
    label,
    // One app in seven is deactivated: inactive apps keep their assignments, which audits care about.
    status: index % 7 === 6 ? ('INACTIVE' as const) : ('ACTIVE' as const),
    lastUpdated,
    created,
    accessibility: { selfService: false },
    visibility: {
      autoSubmitToolbar: false,
      hide: { iOS: false, web: false },
      appLinks: { [template.signOnMode === 'BOOKMARK' ? 'login' : `${template.name}_link`]: true },
    },
    features: template.provisioning ? [...PROVISIONING_FEATURES] : [],
    signOnMode: template.signOnMode,
  };

  switch (template.signOnMode) {
    case 'SAML_2_0':
      return {
        ...base,
        credentials: { userNameTemplate, signing: { kid: rng.base62(43) } },
        settings: {
          app: {},
          notifications: NO_VPN,
          signOn: {
            defaultRelayState: '',
            ssoAcsUrl: `${template.url}/sso/saml`,
            idpIssuer: 'http://www.okta.com/${org.externalKey}',
            audience: template.url,
            recipient: `${template.url}/sso/saml`,
            destination: `${template.url}/sso/saml`,
            subjectNameIdTemplate: '${user.userName}',
            subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
            responseSigned: true,
            assertionSigned: true,
            signatureAlgorithm: 'RSA_SHA256',
            digestAlgorithm: 'SHA256',
            honorForceAuthn: true,
            authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
            requestCompressed: false,
            allowMultipleAcsEndpoints: false,
            acsEndpoints: [],
            attributeStatements: [],
          },
        },
      };
    case 'OPENID_CONNECT':
      return {
        ...base,
        credentials: {
          userNameTemplate,
          signing: { kid: rng.base62(43) },
          // Okta really does return the client secret of web apps to an admin token; a connector must
          // not carry it into evidence, so the simulator sends one.
          oauthClient: {
            autoKeyRotation: true,
            client_id: id,
            client_secret: rng.base62(40),
            token_endpoint_auth_method: 'client_secret_basic',
            pkce_required: false,
          },
        },
        settings: {
          app: {},
          notifications: NO_VPN,
          oauthClient: {
            client_uri: template.url,
            redirect_uris: [`${template.url}/authorization-code/callback`],
            post_logout_redirect_uris: [template.url],
            response_types: ['code'],
            grant_types: ['authorization_code', 'refresh_token'],
            application_type: 'web',
            consent_method: 'REQUIRED',
            issuer_mode: 'DYNAMIC',
            idp_initiated_login: { mode: 'DISABLED' },
            wildcard_redirect: 'DISABLED',
          },
        },
      };
    case 'BOOKMARK':
      return {
        ...base,
        credentials: { userNameTemplate, signing: {} },
        settings: { app: { requestIntegration: false, url: template.url }, notifications: NO_VPN },
      };
  }
}

/** App instances and their assignments: users directly, groups by priority. */
export function generateApps(
  { rng, newId, reference, orgCreated }: GenerationContext,
  orgId: string,
  count: number,
  users: readonly OktaUserRecord[],
  groups: readonly OktaGroupRecord[],
  everyoneGroupId: string,
): Pick<GeneratedOktaOrg, 'apps' | 'appUserAssignments' | 'appGroupAssignments'> {
  // Okta removes app assignments when it deprovisions a user.
  const assignable = users.filter((u) => u.status !== 'DEPROVISIONED').map((u) => u.id);
  const customGroups = groups.filter((g) => g.id !== everyoneGroupId).map((g) => g.id);
  const apps: OktaAppRecord[] = [];
  const appUserAssignments = new Map<string, string[]>();
  const appGroupAssignments = new Map<string, string[]>();
  for (let index = 0; index < count; index++) {
    const id = newId('0oa');
    const created = orgCreated + rng.next() * (reference - orgCreated - 90 * DAY);
    apps.push(
      buildAppRecord({
        index,
        id,
        orgId,
        created: timestamp(created),
        lastUpdated: timestamp(created + rng.next() * (reference - created - 30 * DAY)),
        rng,
      }),
    );
    if (index === 0 && appTemplateFor(0).signOnMode === 'BOOKMARK') {
      // The intranet bookmark goes to everyone, the classic "assigned to Everyone" app.
      appUserAssignments.set(id, []);
      appGroupAssignments.set(id, [everyoneGroupId]);
      continue;
    }
    const direct = Math.max(1, Math.round(users.length * (0.01 + rng.next() * 0.07)));
    appUserAssignments.set(id, sampleDistinct(rng, assignable, direct));
    const groupCount = index === 1 ? Math.max(1, rng.int(3)) : rng.int(3);
    appGroupAssignments.set(id, sampleDistinct(rng, customGroups, groupCount));
  }
  return { apps, appUserAssignments, appGroupAssignments };
}
