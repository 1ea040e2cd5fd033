import { VouchError } from '../errors.ts';

export class AccountNotFoundError extends VouchError {
  constructor(accountId: number) {
    super(
      'account_not_found',
      `No account with id ${accountId}.`,
      'List accounts with `vouch accounts needs-anchor`.',
    );
  }
}

export class IdentityNotFoundError extends VouchError {
  constructor(identityId: number) {
    super(
      'identity_not_found',
      `No identity with id ${identityId}.`,
      'Pick an identity from the candidates shown by `vouch accounts needs-anchor`.',
    );
  }
}

export class NotLinkableError extends VouchError {
  constructor(problem: string) {
    super(
      'not_linkable',
      problem,
      "Link accounts of application sources and secondary identity providers; the primary identity provider's accounts are the identities.",
    );
  }
}

export class NotIdentityProviderError extends VouchError {
  constructor(sourceName: string, identityProviders: string[]) {
    super(
      'not_identity_provider',
      `"${sourceName}" is not an identity provider source.`,
      identityProviders.length
        ? `Choose one of: ${identityProviders.join(', ')}.`
        : 'Add an identity provider source first (`vouch source add`).',
    );
  }
}
