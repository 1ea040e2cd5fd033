// The connector contract (contract-suite.ts) for the identity providers.
import { runContract } from './contract-suite.ts';
import { identityProviderFixtures } from './fixtures/index.ts';

runContract(identityProviderFixtures);
