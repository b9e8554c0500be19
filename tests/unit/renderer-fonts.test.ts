/** Issue 12: emoji and CJK names must render; the renderer's font stack names fonts that cover them on every platform. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('renderer font stack', () => {
  it('names CJK and colour-emoji fonts of Linux, macOS and Windows', () => {
    const css = fs.readFileSync('renderer/src/app.css', 'utf8');
    const stack = /font-family:([^;]+);/.exec(css)?.[1] ?? '';
    for (const family of ['Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'Noto Color Emoji', 'Apple Color Emoji', 'Segoe UI Emoji']) {
      expect(stack).toContain(`'${family}'`);
    }
  });
});
