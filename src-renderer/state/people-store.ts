// The needs-anchor queue and the decisions people make on accounts (link, unlink, mark). Refreshed on
// `accounts.changed` and after syncs finish (a sync relinks); `version` lets an open person page reload.
import { create } from 'zustand';
import type { AccountMarkView, NeedsAnchorItemView } from '../../src-shared/api.ts';
import type { ApiCallError } from '../transport/api-call-error.ts';
import { callApi } from './api-client.ts';
import { coalesce } from './coalesce.ts';

interface PeopleState {
  queue: NeedsAnchorItemView[];
  loaded: boolean;
  loadError: ApiCallError | null;
  /** Bumped whenever accounts may have changed. */
  version: number;
  refresh(): Promise<void>;
  /** Something changed accounts: reload the queue and tell open pages. */
  changed(): void;
  link(accountId: number, identityId: number): Promise<void>;
  unlink(accountId: number): Promise<void>;
  mark(accountId: number, mark: AccountMarkView, reason: string): Promise<void>;
}

export const usePeopleStore = create<PeopleState>()((set, get) => ({
  queue: [],
  loaded: false,
  loadError: null,
  version: 0,
  refresh: coalesce(async () => {
    try {
      const queue = await callApi('accounts.needsAnchor', {});
      set({ queue, loaded: true, loadError: null });
    } catch (error) {
      set({ loaded: true, loadError: error as ApiCallError });
    }
  }),
  changed() {
    set({ version: get().version + 1 });
    if (get().loaded) void get().refresh();
  },
  async link(accountId, identityId) {
    await callApi('accounts.link', { accountId, identityId });
    // Leave the queue at once; the accounts.changed event confirms.
    set({ queue: get().queue.filter((item) => item.accountId !== accountId) });
    get().changed();
  },
  async unlink(accountId) {
    await callApi('accounts.unlink', { accountId });
    get().changed();
  },
  async mark(accountId, mark, reason) {
    await callApi('accounts.mark', { accountId, mark, reason });
    set({ queue: get().queue.filter((item) => item.accountId !== accountId) });
    get().changed();
  },
}));
