/**
 * Stable identity of a ShotSpec: SHA-256 of its RFC 8785 canonical JSON, so the same spec
 * gives the same hash on any machine, and a take whose hash exists is reused.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ShotSpec } from './spec';

/** Stable identity of a spec: SHA-256 of its RFC 8785 canonical JSON. */
export function hashSpec(spec: ShotSpec): string {
  const text = canonicalize(ShotSpec.parse(spec));
  if (text === undefined) throw new Error('spec cannot be canonicalised');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
