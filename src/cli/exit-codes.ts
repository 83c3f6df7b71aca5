/** The CLI's exit codes (DESIGN): 0 ok, 1 invalid config, a failed check or nothing written, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
