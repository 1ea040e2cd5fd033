/** Exit codes scripts rely on (README, CLI contract). */
export const ExitCode = {
  ok: 0,
  error: 1,
  usage: 2,
  failed: 3,
  partial: 4,
} as const;

export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
