// The base of every error the engine raises on purpose: a stable code for programs, a message for people and
// the step that fixes it. Shells show `message` and `nextStep`; they never need to parse the message.

export class VouchError extends Error {
  /** Stable, machine-readable identifier (snake_case), safe to log and to send across a process boundary. */
  readonly code: string;
  /** What the user should do about it, or null when there is nothing they can do. */
  readonly nextStep: string | null;

  constructor(code: string, message: string, nextStep: string | null, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.nextStep = nextStep;
  }
}

export function isVouchError(error: unknown): error is VouchError {
  return error instanceof VouchError;
}
