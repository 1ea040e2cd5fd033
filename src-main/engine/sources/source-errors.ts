import { VouchError } from '../errors.ts';

export class SourceNotFoundError extends VouchError {
  constructor(name: string) {
    super('source_not_found', `No source named "${name}".`, 'List the sources with `vouch source list`.');
  }
}

export class SourceExistsError extends VouchError {
  constructor(name: string) {
    super(
      'source_exists',
      `A source named "${name}" already exists.`,
      'Pick another name, or rotate its secret with `vouch source update-credentials`.',
    );
  }
}

export class InvalidSourceInputError extends VouchError {
  constructor(problem: string, nextStep: string) {
    super('invalid_source_input', problem, nextStep);
  }
}
