/** The message of the error `run` throws, or "" when it runs through (so a test can assert either). */
export function thrownMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return "";
}
