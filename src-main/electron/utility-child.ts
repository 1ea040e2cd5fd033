// The part of Electron's UtilityProcess that main uses, and how main starts one (utilityProcess.fork),
// narrowed so tests can hand in fakes.

export interface UtilityChild {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  kill(): boolean;
}

export interface UtilityForkOptions {
  serviceName: string;
  env: NodeJS.ProcessEnv;
  stdio: 'inherit';
}

export type ForkUtility = (modulePath: string, args: string[], options: UtilityForkOptions) => UtilityChild;

/**
 * The environment of the engine and its lanes: main's, without what would change how Electron or Node
 * behave in them, and without VOUCH_MASTER_KEY, which the desktop does not use and need not spread.
 */
export function childEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const child = { ...env };
  for (const name of ['ELECTRON_RUN_AS_NODE', 'NODE_OPTIONS', 'VOUCH_MASTER_KEY']) delete child[name];
  return child;
}
