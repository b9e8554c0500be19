import { expect } from 'vitest';
import { StoreError } from '../../electron/store/types';

/** `fn` must throw a StoreError with this code. */
export function expectStoreError(fn: () => unknown, code: StoreError['code']): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(StoreError);
  expect((thrown as StoreError).code).toBe(code);
}
