// The transport the whole UI talks through, set once at startup (tests and previews may set another).
import type { ApiInput, ApiMethod, ApiOutput, Transport } from '../../src-shared/api.ts';
import { toApiCallError } from '../transport/api-call-error.ts';

let current: Transport | null = null;

export function setTransport(transport: Transport): void {
  current = transport;
}

export function transport(): Transport {
  if (!current) throw new Error('No transport: call setTransport() before rendering.');
  return current;
}

/** Calls the engine; every failure comes back as an ApiCallError. */
export async function callApi<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  try {
    return await transport().call(method, input);
  } catch (error) {
    throw toApiCallError(error);
  }
}
