// Who an audit entry says acted: the shell and the operating-system user, e.g. `cli:alice`.
import os from 'node:os';

export type AuditShell = 'cli' | 'desktop' | 'serve' | 'lane';

export function auditActor(shell: AuditShell): string {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to what the environment says, else admit it.
    user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  return `${shell}:${user}`;
}
