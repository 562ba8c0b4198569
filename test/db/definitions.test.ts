import {
  deleteDefinitionDraft,
  getDefinition,
  getDefinitionByHash,
  getLatestPublishedDefinition,
  listDefinitionVersions,
  listDefinitions,
  publishDefinition,
  retireDefinition,
  saveDefinitionDraft,
} from '../../db/repositories/definitions.repository';
import { useTestDatabase } from './support/test-database';

const t = useTestDatabase();

const draft = (version: string, id = 'pothole') => ({
  id,
  version,
  title: `Pothole ${version}`,
  contentHash: `hash-${id}-${version}`,
  yamlSource: `id: ${id}\nversion: ${version}\n`,
  compiled: { id, version, steps: [{ id: 'triage' }] },
  createdBy: 'pm-1',
});

describe('definitions repository', () => {
  it('stores drafts, replaces a draft, publishes and finds the latest by semantic version', async () => {
    await saveDefinitionDraft(t.db, draft('1.9.0'));
    await saveDefinitionDraft(t.db, draft('1.10.0'));
    await saveDefinitionDraft(t.db, draft('2.0.0-rc.1'));
    const replaced = await saveDefinitionDraft(t.db, {
      ...draft('1.9.0'),
      yamlSource: 'changed',
      contentHash: 'hash-new',
    });
    expect(replaced).toMatchObject({ status: 'draft', yamlSource: 'changed', contentHash: 'hash-new' });
    expect(await getLatestPublishedDefinition(t.db, 'pothole')).toBeUndefined();

    await publishDefinition(t.db, { id: 'pothole', version: '1.9.0', publishedBy: 'pm-2' });
    const published = await publishDefinition(t.db, { id: 'pothole', version: '1.10.0', publishedBy: 'pm-2' });
    expect(published.publishedBy).toBe('pm-2');
    expect(published.publishedAt).toBeInstanceOf(Date);
    await publishDefinition(t.db, { id: 'pothole', version: '2.0.0-rc.1', publishedBy: 'pm-2' });
    // 1.10.0 > 1.9.0 numerically, and a prerelease of 2.0.0 is still newer than 1.10.0.
    expect((await getLatestPublishedDefinition(t.db, 'pothole'))?.version).toBe('2.0.0-rc.1');
    expect((await listDefinitionVersions(t.db, 'pothole')).map((v) => v.version)).toEqual([
      '2.0.0-rc.1',
      '1.10.0',
      '1.9.0',
    ]);
    expect((await getDefinition(t.db, 'pothole', '1.10.0'))?.compiled).toEqual({
      id: 'pothole',
      version: '1.10.0',
      steps: [{ id: 'triage' }],
    });
    expect((await getDefinitionByHash(t.db, 'pothole', 'hash-pothole-1.10.0'))?.version).toBe('1.10.0');
    // publishing again is a harmless retry
    expect(
      (await publishDefinition(t.db, { id: 'pothole', version: '1.10.0', publishedBy: 'someone-else' })).publishedBy,
    ).toBe('pm-2');
  });

  it('never overwrites or deletes a published version, also not by hand', async () => {
    await saveDefinitionDraft(t.db, draft('1.0.0', 'permit'));
    await publishDefinition(t.db, { id: 'permit', version: '1.0.0', publishedBy: 'pm' });
    await expect(saveDefinitionDraft(t.db, { ...draft('1.0.0', 'permit'), yamlSource: 'evil' })).rejects.toMatchObject({
      code: 'DEFINITION_VERSION_EXISTS',
    });
    await expect(deleteDefinitionDraft(t.db, 'permit', '1.0.0')).rejects.toMatchObject({
      code: 'DEFINITION_IMMUTABLE',
    });
    await expect(t.db('definitions').where({ id: 'permit' }).update({ yaml_source: 'evil' })).rejects.toThrow(
      /cannot change/,
    );
    await expect(t.db('definitions').where({ id: 'permit' }).update({ status: 'draft' })).rejects.toThrow(
      /cannot go back/,
    );
    await expect(t.db('definitions').where({ id: 'permit' }).delete()).rejects.toThrow(/cannot be deleted/);
    expect((await getDefinition(t.db, 'permit', '1.0.0'))?.yamlSource).toBe('id: permit\nversion: 1.0.0\n');

    const retired = await retireDefinition(t.db, { id: 'permit', version: '1.0.0', retiredBy: 'pm' });
    expect(retired.status).toBe('retired');
    await expect(t.db('definitions').where({ id: 'permit' }).update({ status: 'published' })).rejects.toThrow(
      /retired/,
    );
    await expect(publishDefinition(t.db, { id: 'permit', version: '1.0.0', publishedBy: 'pm' })).rejects.toMatchObject({
      code: 'DEFINITION_STATE_CONFLICT',
    });
  });

  it('deletes drafts, validates versions and lists one row per definition', async () => {
    await saveDefinitionDraft(t.db, draft('0.1.0', 'scratch'));
    expect(await deleteDefinitionDraft(t.db, 'scratch', '0.1.0')).toBe(true);
    await expect(saveDefinitionDraft(t.db, draft('v1', 'scratch'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(saveDefinitionDraft(t.db, draft('1.0.0', 'bad id!'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(publishDefinition(t.db, { id: 'nope', version: '1.0.0', publishedBy: 'x' })).rejects.toMatchObject({
      code: 'DEFINITION_NOT_FOUND',
    });
    await saveDefinitionDraft(t.db, draft('0.1.0', 'benefit'));
    const listed = await listDefinitions(t.db);
    const byId = Object.fromEntries(listed.map((d) => [d.id, d]));
    expect(byId.benefit).toMatchObject({ version: '0.1.0', status: 'draft' });
    expect(byId.pothole).toMatchObject({ version: '2.0.0-rc.1', status: 'published' });
    expect(byId.permit).toMatchObject({ status: 'retired' });
    expect(byId.scratch).toBeUndefined();
  });
});
