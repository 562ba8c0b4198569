import { loadDefinitionText } from '../process-definitions/loader';
import { generateDefinition } from './large-definition';

it('the generated bench definition is valid and has 200 steps', () => {
  const result = loadDefinitionText(generateDefinition(200));
  expect(result.problems).toEqual([]);
  expect(Object.keys(result.compiled?.steps ?? {})).toHaveLength(200);
});

it('the largest allowed shape (about 2,000 steps) validates', () => {
  const result = loadDefinitionText(generateDefinition(1990));
  expect(result.problems).toEqual([]);
  expect(Object.keys(result.compiled?.steps ?? {}).length).toBeGreaterThan(1900);
});
