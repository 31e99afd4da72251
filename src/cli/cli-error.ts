/** A problem the CLI user can fix (bad file, bad request): printed as a message, exit code 1, no stack trace. */
export class CliError extends Error {
  override name = 'CliError';
}
