/** Compiled definitions by id@version: published versions never change, so they are cached in memory. */
import type { Knex } from 'knex';
import { DbError, getDefinition, getLatestPublishedVersion } from '../../db';
import type { CompiledDefinition } from '../../domain/definition';

export interface DefinitionCache {
  get(id: string, version: string): Promise<CompiledDefinition>;
  latestPublished(id: string): Promise<CompiledDefinition>;
}

export function createDefinitionCache(db: Knex): DefinitionCache {
  const cache = new Map<string, CompiledDefinition>();
  const get = async (id: string, version: string): Promise<CompiledDefinition> => {
    const key = `${id}@${version}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const record = await getDefinition(db, id, version);
    if (!record) throw new DbError('DEFINITION_NOT_FOUND', `definition ${id}@${version} not found`, { id, version });
    const compiled = record.compiled as CompiledDefinition;
    if (record.status !== 'draft') cache.set(key, compiled);
    return compiled;
  };
  return {
    get,
    async latestPublished(id) {
      // Only the version string per request; the compiled definition (large JSON) comes from the cache.
      const version = await getLatestPublishedVersion(db, id);
      if (version === undefined)
        throw new DbError('DEFINITION_NOT_FOUND', `no published version of definition ${JSON.stringify(id)}`, { id });
      return get(id, version);
    },
  };
}
