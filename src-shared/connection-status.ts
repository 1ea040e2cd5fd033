// The connection status every source shows, and the classes of failure each with the fix a user can apply.
import { z } from 'zod';

export const errorClassSchema = z.enum([
  'failed_authentication',
  'missing_permissions',
  'missing_configuration',
  'unreachable',
  'rate_limited',
]);
export type ErrorClass = z.infer<typeof errorClassSchema>;

export const connectionStatusSchema = z.object({
  status: z.enum(['connected', 'failed']),
  errorClass: errorClassSchema.nullable(),
  /** What happened, in the provider's terms where it gave any (never containing a secret). */
  message: z.string(),
  /** What the user should do next. */
  nextStep: z.string().nullable(),
  checkedAt: z.string(),
});
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;

/** The generic remedy for each class; connectors add specifics (which dataset, which scope) to the message. */
export const remedyForErrorClass: Record<ErrorClass, string> = {
  failed_authentication:
    'Create a new credential with the provider and use Update Credentials, then Test Connection.',
  missing_permissions:
    'Grant the read-only permissions listed in the integration guide to the credential, then Test Connection.',
  missing_configuration:
    'Check the domain and the provider-side setup against the integration guide, then Test Connection.',
  unreachable:
    'Check the network path to the provider (DNS, proxy, TLS certificate authority), then Test Connection.',
  rate_limited: "The provider's rate limit is exhausted; wait a few minutes and Test Connection again.",
};
