/** The export dialog's output paths: defaults per format, file names, and the checks export.start makes. */
import { describe, expect, it } from 'vitest';
import { FilePath } from '../../electron/ipc/export-schemas';
import { FORMAT_EXTENSIONS } from '../../electron/export/formats';
import { FORMAT_ORDER, FORMATS } from '../../renderer/src/export/formats';
import {
  defaultOutPath, exportsFolder, joinPath, outPathProblem, safeFileName, separatorOf, switchFormat,
} from '../../renderer/src/export/out-path';

describe('formats', () => {
  it('are the contract’s, with the extensions the main process requires', () => {
    expect([...FORMAT_ORDER].sort()).toEqual(Object.keys(FORMAT_EXTENSIONS).sort());
    for (const f of FORMAT_ORDER) expect(FORMATS[f].extension, f).toBe(FORMAT_EXTENSIONS[f]);
  });
});

describe('file names', () => {
  it('replaces what a file system or shell would misread, keeps other letters', () => {
    expect(safeFileName('Scène 1: the "chase" / night?')).toBe('Scène 1- the -chase- - night-');
    expect(safeFileName('夜の追跡 🚗')).toBe('夜の追跡 🚗');
    expect(safeFileName('a\\b|c*d<e>f')).toBe('a-b-c-d-e-f');
    expect(safeFileName('tab\there\nnewline')).toBe('tab-here-newline');
  });

  it('drops dots and spaces at the ends, names a device differently, and falls back when nothing is left', () => {
    expect(safeFileName('  .hidden. ')).toBe('hidden');
    expect(safeFileName('CON')).toBe('CON_');
    expect(safeFileName('...')).toBe('Export');
    expect(safeFileName('///', 'Project')).toBe('Project');
  });

  it('keeps a long name to 120 characters, not cutting a character in two', () => {
    const long = safeFileName('🎬'.repeat(200));
    expect([...long]).toHaveLength(120);
    expect(long).toBe('🎬'.repeat(120));
  });
});

describe('default paths', () => {
  it('go into the library’s Exports folder, one folder per project, with the host’s separator', () => {
    expect(separatorOf('/home/ana/Directa')).toBe('/');
    expect(separatorOf('C:\\Users\\Ana\\Directa')).toBe('\\');
    expect(exportsFolder('/home/ana/Directa/', 'Film: Night')).toBe('/home/ana/Directa/Exports/Film- Night');
    expect(exportsFolder('C:\\Users\\Ana\\Directa', 'Film')).toBe('C:\\Users\\Ana\\Directa\\Exports\\Film');
    expect(joinPath('/', 'a.mp4')).toBe('/a.mp4');
  });

  it('name the file for what is exported, with the format’s extension; an image sequence gets a folder', () => {
    const folder = '/home/ana/Directa/Exports/Film';
    expect(defaultOutPath(folder, 'Film - Chase', 'mp4')).toBe(`${folder}/Film - Chase.mp4`);
    expect(defaultOutPath(folder, 'Film - Chase', 'otioz')).toBe(`${folder}/Film - Chase.otioz`);
    expect(defaultOutPath(folder, 'Film - Chase', 'png')).toBe(`${folder}/Film - Chase frames`);
    for (const f of FORMAT_ORDER) {
      const p = defaultOutPath(folder, 'Film - A/B', f);
      expect(outPathProblem(p, f), f).toBeNull();
      expect(FilePath.safeParse(p).success, f).toBe(true);
    }
  });

  it('follow a change of format where the name still has the default’s form, else keep what was typed', () => {
    expect(switchFormat('/x/Film.mp4', 'mp4', 'pdf')).toBe('/x/Film.pdf');
    expect(switchFormat('/x/Film.MP4', 'mp4', 'edl')).toBe('/x/Film.edl');
    expect(switchFormat('/x/Film.mp4', 'mp4', 'png')).toBe('/x/Film frames');
    expect(switchFormat('/x/Film frames', 'png', 'otio')).toBe('/x/Film.otio');
    expect(switchFormat('/x/my cut', 'mp4', 'pdf')).toBe('/x/my cut');
  });
});

describe('path checks', () => {
  it('refuse what export.start refuses, saying what to do', () => {
    expect(outPathProblem('', 'mp4')).toMatch(/Give the path/);
    expect(outPathProblem('cut.mp4', 'mp4')).toMatch(/full path/);
    expect(FilePath.safeParse('cut.mp4').success).toBe(false);
    expect(outPathProblem('/x/cut.mov', 'mp4')).toBe('A MP4 video file\'s name must end in .mp4.');
    expect(outPathProblem('/x/', 'pdf')).toMatch(/not a folder/);
    expect(outPathProblem('/x/.pdf', 'pdf')).toMatch(/name before/);
    expect(outPathProblem('/', 'png')).toMatch(/root/);
    expect(outPathProblem('C:\\', 'png')).toMatch(/root/);
  });

  it('accept absolute paths of every system, spaces and other scripts included', () => {
    expect(outPathProblem('/home/ana/My Films/夜.mp4', 'mp4')).toBeNull();
    expect(outPathProblem('C:\\Users\\Ana\\cut.edl', 'edl')).toBeNull();
    expect(outPathProblem('\\\\server\\share\\cut.csv', 'csv')).toBeNull();
    expect(outPathProblem('/home/ana/frames', 'png')).toBeNull();
  });
});
