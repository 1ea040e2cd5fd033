// The connector contract (contract-suite.ts) for the applications, and the check that no registered
// connector is left out of it.
import { describe, expect, it } from 'vitest';
import { connectorKinds } from '../../src-main/engine/connectors/registry.ts';
import { runContract } from './contract-suite.ts';
import { applicationFixtures, fixtures } from './fixtures/index.ts';

describe('connector contract coverage', () => {
  it('every registered connector has a fixture', () => {
    expect(fixtures.map((f) => f.kind).sort()).toEqual([...connectorKinds()].sort());
  });
});

runContract(applicationFixtures);
