// Short-lived notices (toasts) in the corner: results of actions the user started.
import { create } from 'zustand';

export type NoticeTone = 'success' | 'error' | 'info';

export interface Notice {
  id: number;
  tone: NoticeTone;
  title: string;
  message?: string;
}

interface NoticesState {
  notices: Notice[];
  push(notice: Omit<Notice, 'id'>): void;
  dismiss(id: number): void;
}

let nextId = 1;
const lifetimeMs: Record<NoticeTone, number> = { success: 5_000, info: 6_000, error: 12_000 };

export const useNotices = create<NoticesState>()((set, get) => ({
  notices: [],
  push(notice) {
    const id = nextId++;
    set({ notices: [...get().notices.slice(-3), { ...notice, id }] });
    setTimeout(() => get().dismiss(id), lifetimeMs[notice.tone]);
  },
  dismiss(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
}));

export const notify = (notice: Omit<Notice, 'id'>) => useNotices.getState().push(notice);
