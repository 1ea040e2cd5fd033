// The Google Workspace source's configuration and its service account key file, parsed with zod at the
// trust boundary. Problems are worded for the user and never echo the private key.
import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';

export const DEFAULT_API_URL = 'https://admin.googleapis.com';
export const DEFAULT_CUSTOMER = 'my_customer';

const keyFileSchema = z.object({
  type: z.literal('service_account'),
  client_email: z.string().email(),
  client_id: z.string().min(1),
  private_key_id: z.string().min(1),
  private_key: z.string().includes('PRIVATE KEY'),
  token_uri: z.string().url(),
  project_id: z.string().optional(),
});
export type ServiceAccountKey = z.infer<typeof keyFileSchema>;

export interface GoogleTarget {
  adminEmail: string;
  customer: string;
  /** API origin without a trailing slash, e.g. https://admin.googleapis.com */
  apiUrl: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

function httpsUrl(raw: string, what: string): Parsed<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: `${what} is not a URL: ${raw}` };
  }
  if (url.protocol !== 'https:') return { ok: false, problem: `${what} must be an https:// URL.` };
  if (url.username || url.password || url.search || url.hash)
    return {
      ok: false,
      problem: `${what} must be a plain https:// address (no credentials, query or fragment).`,
    };
  return { ok: true, value: url.toString().replace(/\/+$/, '') };
}

export function parseGoogleTarget(config: Record<string, string>): Parsed<GoogleTarget> {
  const adminEmail = (config.adminEmail ?? '').trim();
  if (!z.string().email().safeParse(adminEmail).success)
    return {
      ok: false,
      problem:
        'The admin email must be the address of a Google Workspace super admin to impersonate, e.g. admin@example.com.',
    };
  const customer = (config.customerId ?? '').trim() || DEFAULT_CUSTOMER;
  if (!/^(my_customer|C[0-9a-z]{6,12})$/i.test(customer))
    return {
      ok: false,
      problem:
        'The customer ID looks like C01abc2de (Admin console → Account → Account settings), or leave it empty.',
    };
  const api = httpsUrl((config.apiUrl ?? '').trim() || DEFAULT_API_URL, 'The API URL');
  if (!api.ok) return api;
  return { ok: true, value: { adminEmail, customer, apiUrl: api.value } };
}

/** Parses the JSON key file a user downloaded from the Cloud console. */
export function parseServiceAccountKey(text: string | undefined): Parsed<ServiceAccountKey> {
  if (!text?.trim()) return { ok: false, problem: 'The service account key file (JSON) is required.' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      problem:
        'The service account key is not JSON: upload the .json key file from the Cloud console (Keys → Add key → JSON), not a P12 file.',
    };
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'type')))].join(', ');
    return {
      ok: false,
      problem: `The JSON file is not a service account key (check: ${fields}). Download a JSON key of the service account from the Cloud console.`,
    };
  }
  const uri = httpsUrl(parsed.data.token_uri, "The key file's token_uri");
  if (!uri.ok) return uri;
  try {
    createPrivateKey(parsed.data.private_key);
  } catch {
    return { ok: false, problem: "The key file's private_key is not a readable PEM private key." };
  }
  return { ok: true, value: parsed.data };
}
