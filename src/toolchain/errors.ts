/**
 * A known, user-facing error: printed as one line on stderr, exit status 2, no stack trace.
 * Anything else that is thrown is a bug and keeps its stack.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The work was cancelled (its requester went away): not a failure of the input. */
export class AbortedError extends UserError {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'AbortedError';
  }
}

/** The Go toolchain is missing or cannot be started. */
export class ToolchainError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ToolchainError';
  }
}
