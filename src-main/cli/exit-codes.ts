/** Exit codes scripts rely on (README, CLI contract). */
export const ExitCode = {
  ok: 0,
  error: 1,
  usage: 2,
  failed: 3,
  partial: 4,
  verificationFailed: 5,
  /** `vouch verify`: the bundle is intact and signed, but by a key nobody told Vouch to trust. */
  signerNotTrusted: 6,
} as const;

export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
