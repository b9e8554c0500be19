/** `directa eval`'s command line: its options, and --object-control on|off (default on) with a clear error for anything else. */
import { describe, expect, it } from 'vitest';
import { parseEvalArgs } from '../../electron/cli/args';
import { UsageError } from '../../electron/cli/errors';
import { objectControlLine } from '../../electron/cli/eval';

describe('parseEvalArgs', () => {
  it('reads the package, the cases and the options; the object control is on unless asked off', () => {
    expect(parseEvalArgs(['pkg', 'cases.json'])).toEqual({
      packageDir: 'pkg', casesFile: 'cases.json', jsonOut: undefined, steps: undefined, objectControl: true,
    });
    expect(parseEvalArgs(['pkg', 'cases.json', '--json', 'r.json', '--steps', '4', '--object-control', 'off'])).toEqual({
      packageDir: 'pkg', casesFile: 'cases.json', jsonOut: 'r.json', steps: 4, objectControl: false,
    });
    expect(parseEvalArgs(['--object-control=on', 'pkg', 'cases.json'])?.objectControl).toBe(true);
    expect(parseEvalArgs(['pkg', 'cases.json', '--object-control', 'off', '--object-control', 'on'])?.objectControl).toBe(true);
    expect(parseEvalArgs(['--help'])).toBeNull();
  });

  it('refuses any other --object-control value, and none, as a usage error of eval', () => {
    for (const value of ['true', 'OFF', '0', '']) {
      const attempt = () => parseEvalArgs(['pkg', 'cases.json', '--object-control', value]);
      expect(attempt).toThrow(UsageError);
      expect(attempt).toThrow(`--object-control must be "on" or "off", got "${value}"`);
      try {
        attempt();
      } catch (err) {
        expect((err as UsageError).command).toBe('eval');
      }
    }
    expect(() => parseEvalArgs(['pkg', 'cases.json', '--object-control'])).toThrow(/--object-control/);
    expect(() => parseEvalArgs(['pkg', 'cases.json', '--objects', 'off'])).toThrow(UsageError);
  });

  it('the summary says which way the object control was', () => {
    expect(objectControlLine(true)).toMatch(/^object control: on /);
    expect(objectControlLine(false)).toMatch(/^object control: off /);
  });
});
