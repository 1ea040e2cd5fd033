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
      'Link accounts of application sources; identity provider accounts define the identities.',
    );
  }
}
