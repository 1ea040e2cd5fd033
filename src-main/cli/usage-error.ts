import { VouchError } from '../engine/errors.ts';

export class UsageError extends VouchError {
  constructor(problem: string, nextStep: string) {
    super('usage', problem, nextStep);
  }
}
