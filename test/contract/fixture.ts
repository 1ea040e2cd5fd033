// What a connector gives the contract suite (contract.test.ts): a running simulator, the fields of a good
// source, and how to make that simulator produce each failure the suite checks. One file per connector in
// fixtures/, listed once in fixtures/index.ts. See README.md.
import type { ErrorClass } from '../../src-shared/connection-status.ts';

/** Faults as the simulator's `setFaults` takes them (the kit's CommonFaults plus the provider's own). */
export type Faults = Record<string, unknown>;

/** A simulator started for one contract run. */
export interface RunningSimulator {
  /** The test CA's PEM: the source is added with `--ca-file`, never with TLS checks turned off. */
  caPem: string;
  /** Non-secret fields of a good source, passed as `--field NAME=VALUE` (e.g. { domain } or { org, baseUrl }). */
  config: Record<string, string>;
  /** Secret fields of a good source, each written to a file and passed as `--field-file NAME=FILE`. */
  secrets: Record<string, string>;
  /**
   * Every secret the run may hand to Vouch (the good credential and the bad ones the failure scenarios use):
   * none may appear in stdout, stderr, the data directory, exports, error messages or a lane's argv/env.
   */
  secretValues: string[];
  /** Replaces every fault (`setFaults({})` clears them). */
  setFaults(faults: Faults): void;
  /** Requests the simulator has received since it started (every path, resets included). */
  requests(): number;
  /** Rate-limit refusals (429, or the provider's 403 rate-limit answer) sent since it started. */
  rateLimited(): number;
  close(): Promise<void>;
}

/** One way a connection fails, as `vouch source test` must classify it. */
export interface FailureScenario {
  /** What is wrong, for the test's name, e.g. "a revoked API token". */
  name: string;
  errorClass: ErrorClass;
  /** Fields that differ from the good source (config and/or secrets), e.g. a wrong org, a bad token. */
  config?: Record<string, string>;
  secrets?: Record<string, string>;
  /** Faults switched on for the test (and cleared after). */
  faults?: Faults;
  /**
   * missing_permissions only: the dataset whose declared `permission` (describe().datasets) the message
   * must name, as a user needs it to fix the credential.
   */
  permissionOf?: string;
  /** Further text the message must contain (e.g. ECONNREFUSED, the wrong org's name). */
  messageIncludes?: string[];
}

export interface ConnectorFixture {
  /** The connector's kind, as in `vouch source add <kind>`. */
  kind: string;
  /** Starts a small simulated org (the whole suite per connector should take well under a minute). */
  start(): Promise<RunningSimulator>;
  /**
   * The failure classes from real simulated responses. The suite requires at least: failed_authentication
   * (a bad secret), missing_configuration (a wrong tenant/org/domain), missing_permissions (a credential
   * without a scope or role, with `permissionOf`), unreachable (nothing listens), and one scenario for
   * persistent 5xx, classified however the connector classifies it.
   */
  failures(sim: RunningSimulator): FailureScenario[];
  /** A 403 on one dataset only: the paths to forbid (`forbiddenPaths`) and the dataset they cut off. */
  forbiddenDataset: { dataset: string; forbiddenPaths: string[] };
  /**
   * Faults that make the provider report a total that disagrees with the rows of `dataset`; or, for a
   * provider that reports no totals at all (AWS), why: then the suite checks that no dataset claims one.
   */
  countMismatch: { dataset: string; faults: Faults } | { noTotals: string };
  /**
   * A burst of rate-limit refusals the sync must wait out: these faults are switched on when the sync
   * starts and off once the simulator has refused `refusals` requests (default { rateLimitStorm: true }, 3).
   */
  rateLimitStorm?: { faults: Faults; refusals: number };
}
