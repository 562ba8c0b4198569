/**
 * Definition hashes are stored with published versions and checked when a version is re-published:
 * the one canonical JSON (shared with the audit chain) must hash a definition exactly as before.
 */
import path from 'node:path';
import { loadDefinitionFileSync } from '..';

it('hashes the fixture definition byte-identically to the hash recorded before the helpers were merged', () => {
  const result = loadDefinitionFileSync(
    path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'definitions', 'valid-permit.yaml'),
  );
  expect(result.compiled?.hash).toBe('f804bcb8c396dc436444987a9fc78735c5961a8680c48129cc88017a9b97e6f7');
});
