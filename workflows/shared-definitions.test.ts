import { loadDefinitionFileSync, requireCompiled } from '../process-definitions/loader';
import { definitionForCase } from './case-contract';
import { packDefinition, unpackDefinition } from './packed-definition';
import { sharedDefinition, sharedPackedDefinition } from './shared-definitions';

const load = (name: string) =>
  requireCompiled(loadDefinitionFileSync(`${__dirname}/../process-definitions/${name}.yaml`));

describe('the shared copy of a definition version', () => {
  it('answers the first copy seen for every later copy with the same hash', () => {
    const first = load('service-complaint');
    const second = load('service-complaint');
    expect(second).not.toBe(first);
    expect(sharedDefinition(first)).toBe(first);
    expect(sharedDefinition(second)).toBe(first);
  });

  it('keeps versions with different hashes apart', () => {
    const permit = load('building-permit');
    const benefit = load('benefit-application');
    expect(sharedDefinition(permit)).toBe(permit);
    expect(sharedDefinition(benefit)).toBe(benefit);
    expect(sharedDefinition(load('building-permit'))).toBe(permit);
  });

  it('is frozen all the way down, so no case can change it under another', () => {
    const shared = sharedDefinition(load('benefit-application'));
    const step = Object.values(shared.steps)[0];
    expect(Object.isFrozen(shared)).toBe(true);
    expect(Object.isFrozen(step)).toBe(true);
    expect(() => {
      (step as { title: string }).title = 'changed';
    }).toThrow(TypeError);
    expect(Object.isFrozen(shared.caseData.schema)).toBe(true);
  });

  it('does not share a definition that carries no hash', () => {
    const unhashed = { ...load('service-complaint'), hash: '' };
    expect(sharedDefinition(unhashed)).toBe(unhashed);
    expect(Object.isFrozen(unhashed)).toBe(false);
  });
});

describe('the definition a case carries', () => {
  it('is the published version without its scenarios, hash unchanged', () => {
    const published = load('building-permit');
    expect(published.scenarios.length).toBeGreaterThan(0);
    const carried = definitionForCase(published);
    expect(carried.scenarios).toEqual([]);
    expect(carried.hash).toBe(published.hash);
    expect({ ...carried, scenarios: published.scenarios }).toEqual(published);
    expect(JSON.stringify(carried).length).toBeLessThan(JSON.stringify(published).length * 0.7);
    expect(definitionForCase(carried)).toBe(carried);
  });
});

describe('a packed definition', () => {
  it('unpacks to the same definition, about a fifth of its JSON in size', () => {
    const carried = definitionForCase(load('service-complaint'));
    const packed = packDefinition(carried);
    expect(packed.hash).toBe(carried.hash);
    expect(packed.deflated.length).toBeLessThan(JSON.stringify(carried).length / 3);
    expect(unpackDefinition(packed)).toEqual(JSON.parse(JSON.stringify(carried)));
  });

  it('refuses one whose content does not match the hash it travels with', () => {
    const packed = packDefinition(load('building-permit'));
    expect(() => unpackDefinition({ ...packed, hash: 'f'.repeat(64) })).toThrow(/hash/);
  });

  it('is unpacked only when the thread does not hold its version yet', () => {
    const held = sharedDefinition(load('benefit-application'));
    const packed = packDefinition(definitionForCase(load('benefit-application')));
    expect(sharedPackedDefinition(packed)).toBe(held);
    const unknown = { ...load('service-complaint'), hash: 'a'.repeat(64) };
    const fresh = sharedPackedDefinition(packDefinition(unknown));
    expect(fresh).toEqual(JSON.parse(JSON.stringify(unknown)));
    expect(sharedPackedDefinition(packDefinition(unknown))).toBe(fresh);
  });
});
