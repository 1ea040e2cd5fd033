// The pieces every engine process opens: the store, the secret vault under its key wrapper, the sources.
import type { AuditAction, AuditDetails } from './audit/audit-actions.ts';
import { auditActor } from './audit/audit-actor.ts';
import { appendAudit } from './audit/audit-log.ts';
import { chooseHeadlessKeyWrapper } from './secrets/headless-key-wrapper.ts';
import type { KeyWrapper } from './secrets/key-wrapper.ts';
import { SecretVault } from './secrets/vault.ts';
import { SourceRepository } from './sources/source-repository.ts';
import { openStore, type Store } from './store/db.ts';

export interface EngineCore {
  store: Store;
  vault: SecretVault;
  sources: SourceRepository;
  /** Who this process acts as in the audit log, e.g. `cli:alice`. */
  actor: string;
  audit(action: AuditAction, subject: string | null, details: AuditDetails): void;
  close(): void;
}

export function openEngineCore(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  keyWrapper?: KeyWrapper,
  actor: string = auditActor('cli'),
): EngineCore {
  const store = openStore(dataDir);
  const vault = new SecretVault(store.sqlite, keyWrapper ?? chooseHeadlessKeyWrapper(dataDir, env));
  const audit = (action: AuditAction, subject: string | null, details: AuditDetails) => {
    appendAudit(store, { actor, action, subject, details });
  };
  return {
    store,
    vault,
    sources: new SourceRepository(store, vault, audit),
    actor,
    audit,
    close: () => store.close(),
  };
}
