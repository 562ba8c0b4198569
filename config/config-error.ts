/** One bad environment variable: its name and what is wrong with it. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/**
 * Thrown once at start-up when the environment is unusable. Lists every problem at once so an
 * operator fixes the deployment in one round trip instead of one variable per restart.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID' as const;
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
