/** Semantic version parts for ordering definition versions (1.10.0 after 1.9.0), by the `semver` package. */
import semver from 'semver';
import { DbError } from '../errors';

export interface SemverParts {
  major: number;
  minor: number;
  patch: number;
  prerelease: string;
}

/** The columns are Postgres integers. */
const MAX_PART = 2_147_483_647;

export function parseSemver(version: string): SemverParts {
  const parsed = semver.parse(version);
  // semver tolerates a leading "v" and spaces; a stored version is exactly MAJOR.MINOR.PATCH[-pre][+build].
  const exact = parsed && `${parsed.version}${parsed.build.length > 0 ? `+${parsed.build.join('.')}` : ''}` === version;
  if (!parsed || !exact || Math.max(parsed.major, parsed.minor, parsed.patch) > MAX_PART) {
    throw new DbError('INVALID_INPUT', `version ${JSON.stringify(version)} is not a semantic version (e.g. 1.2.0)`, {
      version,
    });
  }
  return { major: parsed.major, minor: parsed.minor, patch: parsed.patch, prerelease: parsed.prerelease.join('.') };
}
