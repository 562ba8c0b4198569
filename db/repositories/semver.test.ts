import { parseSemver } from './semver';

describe('parseSemver', () => {
  it('splits a version into the parts definitions are ordered by', () => {
    expect(parseSemver('1.10.0')).toEqual({ major: 1, minor: 10, patch: 0, prerelease: '' });
    expect(parseSemver('2.0.0-rc.1+build.5')).toEqual({ major: 2, minor: 0, patch: 0, prerelease: 'rc.1' });
  });

  it.each(['1.2', 'v1.2.3', ' 1.2.3', '01.2.3', '1.2.3.4', '3000000000.0.0', ''])(
    'refuses %j with INVALID_INPUT',
    (version) => {
      let refused: unknown;
      try {
        parseSemver(version);
      } catch (error) {
        refused = error;
      }
      expect(refused).toMatchObject({ code: 'INVALID_INPUT' });
    },
  );
});
