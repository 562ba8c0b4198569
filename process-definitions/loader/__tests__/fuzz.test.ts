/**
 * Fuzz the reference fixture: mutated definitions (deletions, type swaps, reference renames,
 * duplications, text damage; seeded PRNG so failures reproduce) are valid or coded problems with
 * positions; never a throw, a hang or a crashed check. See fuzz-support.ts.
 */
import { fuzzStructure, fuzzText, seeds } from './fuzz-support';

const [fixture] = seeds();

it('structural mutations of the reference fixture', () => {
  expect(fuzzStructure(fixture.name, fixture.text, 200)).toBeGreaterThan(200 * 0.6);
});

it('text damage to the reference fixture', () => {
  expect(fuzzText(fixture.name, fixture.text, 150)).toBeGreaterThan(150 * 0.25);
});
