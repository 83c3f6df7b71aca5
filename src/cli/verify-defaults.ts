// verify's defaults, apart from verify itself: the CLI shows them in its help without loading verify
// (its checks and their libraries), which the other commands do not need.

/** @default 5 seconds for each network step */
export const DEFAULT_TIMEOUT_SECONDS = 5;
/** @default 14: a certificate expiring within two weeks fails the tls check */
export const DEFAULT_EXPIRY_DAYS = 14;
/** @default 16 domains at once: a dead name costs its timeouts, so a dozen of them should not queue behind each other */
export const DEFAULT_CONCURRENCY = 16;
/** The exit code of a `--wait` stopped by Ctrl+C (SIGINT), as shells report a process that SIGINT ended. */
export const EXIT_INTERRUPTED = 130;
