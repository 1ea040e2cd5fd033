import pkg from '../../package.json' with { type: 'json' };

/** Recorded in every artifact's provenance. */
export const vouchVersion: string = pkg.version;
