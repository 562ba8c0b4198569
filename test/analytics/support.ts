/** A fresh database with service-complaint published, and the principals the analytics tests use. */
import type { Principal } from '../../api/auth/principal';
import { publishDefinition, saveDefinitionDraft } from '../../db';
import type { CompiledDefinition } from '../../domain/definition';
import { shippedDefinition } from '../support/shipped-definitions';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';

export async function analyticsDatabase(): Promise<{ t: TestDatabase; definition: CompiledDefinition }> {
  const t = await createTestDatabase();
  const definition = shippedDefinition('service-complaint');
  await saveDefinitionDraft(t.db, {
    id: definition.id,
    version: definition.version,
    title: definition.title,
    contentHash: definition.hash,
    yamlSource: '# shipped\n',
    compiled: definition,
    createdBy: 'test',
  });
  await publishDefinition(t.db, { id: definition.id, version: definition.version, publishedBy: 'test' });
  return { t, definition };
}

export const principal = (roles: string[], departmentId = 'sanitation'): Principal => ({
  kind: 'user',
  id: `user-${roles.join('-')}`,
  roles,
  departmentId,
  grants: {},
  scopes: [],
});
