/** What loadConfig refuses in `env`, for the config tests: the problems it reports, or none. */
import { loadConfig } from '../../config/app-config';
import { ConfigError, type ConfigProblem } from '../../config/config-error';

export function configProblems(env: Record<string, string>): readonly ConfigProblem[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** The variables loadConfig names as wrong in `env`. */
export const problemsOf = (env: Record<string, string>): string[] =>
  configProblems(env).map((problem) => problem.variable);
