// The pieces every engine process opens: the store, the secret vault under its key wrapper, the sources.
import { chooseHeadlessKeyWrapper } from './secrets/headless-key-wrapper.ts';
import type { KeyWrapper } from './secrets/key-wrapper.ts';
import { SecretVault } from './secrets/vault.ts';
import { SourceRepository } from './sources/source-repository.ts';
import { openStore, type Store } from './store/db.ts';

export interface EngineCore {
  store: Store;
  vault: SecretVault;
  sources: SourceRepository;
  close(): void;
}

export function openEngineCore(dataDir: string, env: NodeJS.ProcessEnv, keyWrapper?: KeyWrapper): EngineCore {
  const store = openStore(dataDir);
  const vault = new SecretVault(store.sqlite, keyWrapper ?? chooseHeadlessKeyWrapper(dataDir, env));
  return { store, vault, sources: new SourceRepository(store, vault), close: () => store.close() };
}
