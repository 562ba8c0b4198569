import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys by code unit at every depth, drops undefined members and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { z: [1, 'x', null, undefined], y: true }, B: undefined, é: 'e', Z: -0.5 })).toBe(
      '{"Z":-0.5,"a":{"y":true,"z":[1,"x",null,null]},"b":1,"é":"e"}',
    );
    expect(canonicalJson({ when: new Date('2026-03-26T16:00:00Z') })).toBe('{"when":"2026-03-26T16:00:00.000Z"}');
  });

  it('refuses values JSON cannot hold instead of hashing something else', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});
