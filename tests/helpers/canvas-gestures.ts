/**
 * The frame canvas by mouse in the e2e tests: where its drawing surface is, a drag
 * between normalised points of the frame as a hand makes it, and a box read back
 * compared within what a pixel can miss.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The frame canvas's drawing surface (fabric's upper canvas) in page pixels. */
export async function canvasSurface(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator('.canvas-host canvas.upper-canvas').boundingBox();
  if (!box) throw new Error('the frame canvas is not on screen');
  return box;
}

/** A mouse drag between two normalised points of the frame, in steps like a hand. */
export async function dragOnCanvas(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const s = await canvasSurface(page);
  const at = (p: [number, number]) => [s.x + p[0] * s.width, s.y + p[1] * s.height] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at(to), { steps: 8 });
  await page.mouse.up();
}

/** `actual` is the box `expected`, within 0.006 of the frame (a pixel of a canvas some 400–700 px wide is under 0.003). */
export function expectBox(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(4);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(0.006));
}
