/**
 * Fonts for the storyboard PDF. DejaVu Sans (regular and bold, from the `dejavu-fonts-ttf`
 * package, free to embed) covers Latin, Greek, Cyrillic and many symbols. Names and
 * prompts in other scripts (Chinese, Japanese, Korean…) take a font of the system when it
 * has one at a known place (Noto Sans CJK on Linux, PingFang / Hiragino on macOS, YaHei /
 * Malgun on Windows); nothing is downloaded. Each block of text is set in one font: the
 * first that has a glyph for every character of it, else the one that has the most (a
 * missing glyph shows as an empty box). Colour emoji fonts hold bitmaps a PDF cannot
 * use, so emoji print as boxes unless a font with outline emoji (Segoe UI Emoji,
 * Symbola) is found.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';

export interface BoardFont {
  /** the name the PDF document registers it under */
  key: string;
  file: string;
  /** the face's PostScript name inside a collection (.ttc), for pdfkit */
  postscriptName?: string;
  font: fontkit.Font;
}

/** Fonts that cover what DejaVu does not, where the systems keep them (first found wins per script). */
export const SYSTEM_FALLBACKS: readonly string[] = [
  // Linux (Debian/Ubuntu/Fedora paths)
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  '/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf',
  // macOS
  '/System/Library/Fonts/PingFang.ttc',
  '/System/Library/Fonts/Hiragino Sans GB.ttc',
  '/System/Library/Fonts/AppleSDGothicNeo.ttc',
  '/System/Library/Fonts/Supplemental/Arial Unicode.ttf',
  '/Library/Fonts/Arial Unicode.ttf',
  // Windows
  'C:\\Windows\\Fonts\\msyh.ttc',
  'C:\\Windows\\Fonts\\msgothic.ttc',
  'C:\\Windows\\Fonts\\malgun.ttf',
  'C:\\Windows\\Fonts\\seguiemj.ttf',
  'C:\\Windows\\Fonts\\seguisym.ttf',
];

/** The folder of the DejaVu TTF files shipped in node_modules (inside app.asar when packaged: readable there). */
export function dejavuDir(): string {
  return path.join(path.dirname(createRequire(__filename).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

function open(file: string, key: string): BoardFont | null {
  try {
    const opened = fontkit.create(fs.readFileSync(file));
    const font = 'fonts' in opened ? opened.fonts[0] : opened;
    if (!font) return null;
    return { key, file, font, ...('fonts' in opened ? { postscriptName: font.postscriptName } : {}) };
  } catch {
    return null; // unreadable or not a font: skip it
  }
}

export interface BoardFonts {
  regular: BoardFont;
  bold: BoardFont;
  /** other fonts, tried in order after the regular/bold one */
  fallbacks: BoardFont[];
}

/** The board fonts: DejaVu Sans, then those of `fallbackFiles` (default: the system's) that open. */
export function loadBoardFonts(fallbackFiles: readonly string[] = SYSTEM_FALLBACKS): BoardFonts {
  const dir = dejavuDir();
  const regular = open(path.join(dir, 'DejaVuSans.ttf'), 'dejavu');
  const bold = open(path.join(dir, 'DejaVuSans-Bold.ttf'), 'dejavu-bold');
  if (!regular || !bold) throw new Error(`the DejaVu fonts are missing from ${dir}`);
  const fallbacks = fallbackFiles
    .filter((f) => fs.existsSync(f))
    .map((f, i) => open(f, `fallback-${i}`))
    .filter((f): f is BoardFont => f !== null);
  return { regular, bold, fallbacks };
}

/** Code points that need a glyph (spaces and controls do not). */
function needed(text: string): number[] {
  return Array.from(text).map((c) => c.codePointAt(0)!).filter((cp) => cp > 0x20 && !(cp >= 0x7f && cp <= 0xa0) && cp !== 0x200d && cp !== 0xfe0f);
}

/** The font to set `text` in: the first of `[first, ...fallbacks]` with every glyph, else the one with the most. */
export function pickFont(text: string, first: BoardFont, fallbacks: readonly BoardFont[]): BoardFont {
  const points = needed(text);
  const candidates = [first, ...fallbacks];
  let best = first;
  let bestCount = -1;
  for (const candidate of candidates) {
    const count = points.filter((cp) => candidate.font.hasGlyphForCodePoint(cp)).length;
    if (count === points.length) return candidate;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}
