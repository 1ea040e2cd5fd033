// Where an AWS IAM Identity Center source points: its home region, optionally the instance and identity
// store (discovered with ListInstances when not given) and an endpoint override, checked without requests.

export type AwsTarget =
  | {
      ok: true;
      region: string;
      instanceArn: string | null;
      identityStoreId: string | null;
      endpoint: string | null;
      host: string;
    }
  | { ok: false; problem: string };

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const INSTANCE_ARN = /^arn:aws(-[a-z]+)*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
const STORE_ID = /^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseAwsTarget(config: Record<string, string>): AwsTarget {
  const region = (config.region ?? '').trim();
  if (!REGION.test(region))
    return {
      ok: false,
      problem: `"${region}" is not an AWS region; give Identity Center's home region, e.g. eu-west-1.`,
    };
  const instanceArn = (config.instanceArn ?? '').trim() || null;
  if (instanceArn && !INSTANCE_ARN.test(instanceArn))
    return {
      ok: false,
      problem: `"${instanceArn}" is not an Identity Center instance ARN (arn:aws:sso:::instance/ssoins-…).`,
    };
  const identityStoreId = (config.identityStoreId ?? '').trim() || null;
  if (identityStoreId && !STORE_ID.test(identityStoreId))
    return { ok: false, problem: `"${identityStoreId}" is not an identity store id (d-1234567890).` };
  if (Boolean(instanceArn) !== Boolean(identityStoreId))
    return {
      ok: false,
      problem: 'Give both the instance ARN and the identity store id, or neither (they are discovered).',
    };
  const rawEndpoint = (config.endpointUrl ?? '').trim();
  let endpoint: string | null = null;
  let host = `sso.${region}.amazonaws.com`;
  if (rawEndpoint) {
    let url: URL;
    try {
      url = new URL(rawEndpoint);
    } catch {
      return { ok: false, problem: `The endpoint URL "${rawEndpoint}" is not a URL.` };
    }
    if (url.protocol !== 'https:') return { ok: false, problem: 'The endpoint URL must use https.' };
    endpoint = url.origin;
    host = url.host;
  }
  return { ok: true, region, instanceArn, identityStoreId, endpoint, host };
}
