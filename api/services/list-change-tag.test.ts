/** The list change tag: per caller, per request, per fingerprint; If-None-Match compared weakly. */
import type { Principal } from '../auth/principal';
import { changeTag, ifNoneMatchHits } from './list-change-tag';

const ana: Principal = {
  kind: 'user',
  id: 'ana',
  roles: ['staff', 'permit-clerk'],
  departmentId: 'building-safety',
  grants: {},
  scopes: [],
};
const fingerprint = { count: 3, overdue: 0, sequenceSum: '17', lastUpdatedAt: '2026-07-01 16:00:00.123456+00' };
const request = { filter: { statuses: ['open'] } };

describe('changeTag', () => {
  it('is a stable weak tag that changes with the fingerprint, the request, the list and the caller', () => {
    const tag = changeTag(ana, 'cases', request, fingerprint);
    expect(tag).toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);
    expect(
      changeTag(
        { ...ana, roles: ['permit-clerk', 'staff'] },
        'cases',
        { filter: { statuses: ['open'] } },
        { ...fingerprint },
      ),
    ).toBe(tag);
    const others = [
      changeTag(ana, 'cases', request, { ...fingerprint, count: 4 }),
      changeTag(ana, 'cases', request, { ...fingerprint, overdue: 1 }),
      changeTag(ana, 'cases', request, { ...fingerprint, sequenceSum: '18' }),
      changeTag(ana, 'cases', request, { ...fingerprint, lastUpdatedAt: '2026-07-01 16:00:00.123457+00' }),
      changeTag(ana, 'cases', { filter: { statuses: ['closed'] } }, fingerprint),
      changeTag(ana, 'worklist:mine', request, fingerprint),
      changeTag({ ...ana, id: 'ben' }, 'cases', request, fingerprint),
      changeTag({ ...ana, grants: { personalData: true } }, 'cases', request, fingerprint),
    ];
    expect(new Set([tag, ...others]).size).toBe(others.length + 1);
  });
});

describe('ifNoneMatchHits', () => {
  const tag = 'W/"abc"';
  it('matches the tag weakly, in a list, or *', () => {
    expect(ifNoneMatchHits('W/"abc"', tag)).toBe(true);
    expect(ifNoneMatchHits('"abc"', tag)).toBe(true);
    expect(ifNoneMatchHits('W/"x", W/"abc"', tag)).toBe(true);
    expect(ifNoneMatchHits('*', tag)).toBe(true);
  });
  it('does not match anything else', () => {
    expect(ifNoneMatchHits(undefined, tag)).toBe(false);
    expect(ifNoneMatchHits('', tag)).toBe(false);
    expect(ifNoneMatchHits('W/"abcd"', tag)).toBe(false);
    expect(ifNoneMatchHits('abc', tag)).toBe(false);
  });
});
