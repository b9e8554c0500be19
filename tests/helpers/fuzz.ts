/**
 * Payloads for fuzzing the router: a valid input mutated at random (a field replaced,
 * removed or added, deep or at the top), with values a careless or hostile caller sends:
 * wrong types, edge numbers, lone surrogates, huge and deep structures, prototype keys,
 * and the non-JSON values Electron's structured clone can carry. Seeded, so a failure
 * replays (DIRECTA_SEED).
 */

/** mulberry32: small, fast, seedable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
/** An own, enumerable property, as JSON.parse makes it: `__proto__` too (an assignment would set the prototype instead). */
const setOwn = (o: object, key: string | number, value: unknown): void =>
  void Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
const int = (r: Rand, n: number): number => Math.floor(r() * n);

const STRINGS = [
  '', ' ', '\t\n', 'x', 'a'.repeat(201), 'p'.repeat(5000), 'é✓🎬', '\ud800', 'a\udfffb', '\u0000', '\u202e', '../../etc/passwd',
  '..\\..\\project.db', '%2e%2e%2f', '<script>alert(1)</script>', "'; DROP TABLE shots; --", '__proto__', 'constructor',
  'toString', '00000000-0000-0000-0000-000000000000', '7d1b3c1e-0000-4000-8000-000000000000', 'NaN', 'null', '{}', '[]', '1e309',
  'ddim', 'dpm', '#ff8800', '#FFF', 'fox', 'a red fox runs past an old oak',
];
const NUMBERS = [0, -0, 1, -1, 0.5, 1.5, 2, 7, 24, 72, 199, 1000, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), 1e308, 5e-324, NaN, Infinity, -Infinity];

function deep(depth: number, leaf: unknown, asArray: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** A value of any kind. `depth` bounds the nesting of random containers. */
export function randomValue(r: Rand, depth = 0): unknown {
  const roll = r();
  if (roll < 0.08) return pick(r, [null, undefined, true, false]);
  if (roll < 0.3) return pick(r, NUMBERS);
  if (roll < 0.35) return (r() - 0.5) * 10 ** int(r, 12);
  if (roll < 0.6) return pick(r, STRINGS);
  if (roll < 0.64) return String.fromCharCode(...Array.from({ length: int(r, 40) }, () => int(r, 0x10000)));
  if (roll < 0.68) return deep(pick(r, [10, 200, 3000]), pick(r, STRINGS), r() < 0.5);
  if (roll < 0.72) return pick(r, [10n, Symbol('s'), () => 1, new Date(NaN), new Map([[1, 2]]), new Set([1]), new Uint8Array(8), /x/g, new Error('e')]);
  if (roll < 0.86 && depth < 3) return Array.from({ length: pick(r, [0, 1, 2, 4, 5, 70]) }, () => randomValue(r, depth + 1));
  if (depth < 3) {
    const o: Record<string, unknown> = {};
    for (let i = int(r, 5); i > 0; i--) setOwn(o, pick(r, [...STRINGS.slice(0, 20), 'name', 'patch', 'index', 'objects', 'camera', 'box', 'keyframes']), randomValue(r, depth + 1));
    return o;
  }
  return pick(r, STRINGS);
}

type Json = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Json => typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && !(v instanceof Date) && !(v instanceof Map) && !(v instanceof Set) && !(v instanceof RegExp) && !(v instanceof Error);

/** Every path to a value inside `v` (containers included), the root as []. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (isContainer(v) && at.length < 6) {
    for (const [k, child] of Object.entries(v)) paths(child, [...at, Array.isArray(v) ? Number(k) : k], out);
  }
  return out;
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (isContainer(v)) {
    const o = {};
    for (const [k, x] of Object.entries(v)) setOwn(o, k, clone(x));
    return o;
  }
  return v;
}

/** Array.prototype.splice without it: an array given an own `constructor` key breaks splice's species lookup. */
function removeAt(xs: unknown[], at: number): void {
  for (let i = at; i < xs.length - 1; i++) xs[i] = xs[i + 1];
  xs.length = Math.max(0, xs.length - 1);
}

/** `valid` changed in 1 to 3 places. */
export function mutate(r: Rand, valid: unknown): unknown {
  let v = clone(valid);
  for (let n = 1 + int(r, 3); n > 0; n--) {
    const all = paths(v);
    const target = pick(r, all);
    const kind = r();
    if (target.length === 0) {
      if (kind < 0.1) v = randomValue(r);
      else if (kind < 0.15) v = [v];
      else if (isContainer(v)) setOwn(v, pick(r, ['extra', '__proto__', 'constructor', 'then', ...STRINGS.slice(0, 5)]), randomValue(r));
      continue;
    }
    const parent = target.slice(0, -1).reduce<unknown>((o, k) => (isContainer(o) ? (o as Record<string | number, unknown>)[k] : undefined), v);
    if (!isContainer(parent)) continue;
    const key = target.at(-1)!;
    if (kind < 0.55) setOwn(parent, key, randomValue(r));
    else if (kind < 0.7) {
      if (Array.isArray(parent)) removeAt(parent, Number(key));
      else delete parent[key];
    } else if (kind < 0.8 && isContainer(parent[key as never])) setOwn(parent[key as never], pick(r, ['extra', '__proto__', 'x']), randomValue(r));
    else if (kind < 0.9 && typeof parent[key as never] === 'number') setOwn(parent, key, (parent[key as never] as number) + pick(r, [-1, 1, 0.5, -1e-9, 1e9]));
    else setOwn(parent, key, pick(r, [null, '', 0, [], {}, 'x'.repeat(70_000)]));
  }
  return v;
}
