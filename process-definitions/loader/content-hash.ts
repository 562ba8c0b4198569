/**
 * The sha256 of canonical JSON (domain/canonical-json.ts, the same function the audit chain hashes
 * with): two definitions with the same meaning get the same hash however their YAML is laid out.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/canonical-json';

export { canonicalJson };

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
