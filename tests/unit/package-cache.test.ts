/**
 * The engine worker's package cache (electron/engine/package/cache.ts): a package is
 * opened once per folder and provider choice, and a choice that differs in any field
 * (spinning included, which the key once left out) opens its own sessions.
 */
import { describe, expect, it } from 'vitest';
import { choiceKey, PackageCache } from '../../electron/engine/package/cache';
import type { ProviderChoice } from '../../electron/engine/package/providers';

/** A choice with every field set: typed Required, so a new field must be given here too. */
const FULL: Required<ProviderChoice> = { provider: 'cpu', threads: 2, spinning: false, splitGuidance: true };
/** Another value for each field. */
const OTHER: Required<ProviderChoice> = { provider: 'webgpu', threads: 4, spinning: true, splitGuidance: false };

function counting() {
  const opened: [string, ProviderChoice][] = [];
  const cache = new PackageCache(async (dir: string, choice: ProviderChoice) => {
    opened.push([dir, choice]);
    return { dir, choice };
  });
  return { cache, opened };
}

describe('the worker\'s package cache', () => {
  it('keys on every field of the choice', () => {
    for (const field of Object.keys(FULL) as (keyof ProviderChoice)[]) {
      expect(choiceKey({ ...FULL, [field]: OTHER[field] }), field).not.toBe(choiceKey(FULL));
      const without: ProviderChoice = { ...FULL };
      delete without[field];
      expect(choiceKey(without), `${field} left out`).not.toBe(choiceKey(FULL));
    }
    expect(choiceKey({ spinning: true, provider: 'cpu' })).toBe(choiceKey({ provider: 'cpu', spinning: true }));
  });

  it('opens a package once for the same folder and choice', async () => {
    const { cache, opened } = counting();
    const a = await cache.get('/models/a', { ...FULL });
    const b = await cache.get('/models/a', { ...FULL });
    expect(b).toBe(a);
    expect(opened).toHaveLength(1);
    await cache.get('/models/b', { ...FULL });
    expect(opened).toHaveLength(2);
  });

  it('opens it again for a choice that differs only in spinning, threads or provider', async () => {
    const { cache, opened } = counting();
    await cache.get('/models/a', {});
    await cache.get('/models/a', { spinning: true });
    await cache.get('/models/a', { threads: 2 });
    await cache.get('/models/a', { provider: 'cpu' });
    await cache.get('/models/a', { spinning: true });
    expect(opened.map(([, choice]) => choice)).toEqual([{}, { spinning: true }, { threads: 2 }, { provider: 'cpu' }]);
  });

  it('forgets a load that failed, so the next job tries again', async () => {
    let attempts = 0;
    const cache = new PackageCache(async () => {
      attempts++;
      if (attempts === 1) throw new Error('no adapter');
      return 'package';
    });
    await expect(cache.get('/models/a', {})).rejects.toThrow('no adapter');
    await expect(cache.get('/models/a', {})).resolves.toBe('package');
    await expect(cache.get('/models/a', {})).resolves.toBe('package');
    expect(attempts).toBe(2);
  });
});
