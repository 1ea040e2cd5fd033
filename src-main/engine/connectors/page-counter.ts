import { AsyncLocalStorage } from 'node:async_hooks';

/** Counts the pages fetched for whichever dataset runs in the current async context (for provenance). */
export const datasetPageCounter = new AsyncLocalStorage<{ pages: number }>();
