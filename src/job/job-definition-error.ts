/** A job definition that cannot run; the message names the option and what to write instead. */
export class JobDefinitionError extends Error {
  override readonly name = 'JobDefinitionError';
  constructor(
    readonly job: string,
    readonly option: string,
    problem: string,
  ) {
    super(`job "${job}": option "${option}" ${problem}`);
  }
}
