/** Fuzz the shipped definitions the same way as the fixture (fuzz-support.ts). */
import { fuzzStructure, fuzzText, seeds } from './fuzz-support';

const shipped = seeds().slice(1);

it('finds the shipped definitions', () => {
  expect(shipped.length).toBeGreaterThanOrEqual(3);
});

it.each(shipped.map((seed) => [seed.name, seed.text] as const))(
  'structural mutations and text damage of %s',
  (name, text) => {
    expect(fuzzStructure(name, text, 25)).toBeGreaterThan(25 * 0.6);
    expect(fuzzText(name, text, 20)).toBeGreaterThan(20 * 0.25);
  },
);
