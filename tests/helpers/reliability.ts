/**
 * The reliability suite runs short in `npm test` and long in `npm run test:reliability`
 * (DIRECTA_RELIABILITY=long): the same tests, with more iterations.
 */
export const LONG = process.env.DIRECTA_RELIABILITY === 'long';

/** `short` iterations in the normal suite, `long` in the long run. */
export function iterations(short: number, long: number): number {
  return LONG ? long : short;
}

/** A seed for pure-rand: DIRECTA_SEED to replay a run, else a fresh one (printed by the test that uses it). */
export function seed(): number {
  const given = Number(process.env.DIRECTA_SEED);
  return Number.isInteger(given) ? given : Math.floor(Math.random() * 2 ** 31);
}
