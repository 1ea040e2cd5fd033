// The open dialogs and drawers, as a stack: they are rendered once at the app's root, so any page (the
// dashboard's attention list, the sources table, the add-source result) can open them by source name, and
// a dialog opened from a drawer (Update credentials from View error) returns to it when closed.
import { create } from 'zustand';

export type Dialog =
  | { type: 'source-error'; source: string }
  | { type: 'update-credentials'; source: string }
  | { type: 'remove-source'; source: string }
  | { type: 'guide'; kind: string };

interface DialogsState {
  stack: Dialog[];
  open(dialog: Dialog): void;
  /** Closes the topmost dialog. */
  close(): void;
}

export const useDialogs = create<DialogsState>()((set, get) => ({
  stack: [],
  open: (dialog) => set({ stack: [...get().stack, dialog] }),
  close: () => set({ stack: get().stack.slice(0, -1) }),
}));

export const openDialog = (dialog: Dialog) => useDialogs.getState().open(dialog);
