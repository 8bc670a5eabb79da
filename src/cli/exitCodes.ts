/** The exit codes of the `scoped-models` command. */
export const EXIT = {
  /** Done; for discovery, at least one provider answered. */
  ok: 0,
  /** Nothing could be done: every provider failed or none could be tried. */
  failed: 1,
  /** Bad usage, a bad configuration, or no providers configured at all. */
  usage: 2,
  /** Interrupted with Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;
