/** Semantic version parsing for ordering definition versions (1.10.0 after 1.9.0). */
import { DbError } from '../errors';

export interface SemverParts {
  major: number;
  minor: number;
  patch: number;
  prerelease: string;
}

const SEMVER = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseSemver(version: string): SemverParts {
  const match = SEMVER.exec(version);
  if (!match) throw new DbError('INVALID_INPUT', `version ${JSON.stringify(version)} is not a semantic version (e.g. 1.2.0)`, { version });
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: match[4] ?? '' };
}
