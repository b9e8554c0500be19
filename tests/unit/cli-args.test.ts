/** `directa eval`'s command line: its options, and --object-control / --camera-projection on|off (default on) with a clear error for anything else. */
import { describe, expect, it } from 'vitest';
import { parseCommand, parseEvalArgs, providerOption } from '../../electron/cli/args';
import { parseProvider, PROVIDERS } from '../../electron/engine/package/providers';
import { UsageError } from '../../electron/cli/errors';
import { cameraProjectionLine, objectControlLine } from '../../electron/cli/eval';

describe('parseEvalArgs', () => {
  it('reads the package, the cases and the options; the object control is on unless asked off', () => {
    expect(parseEvalArgs(['pkg', 'cases.json'])).toEqual({
      packageDir: 'pkg', casesFile: 'cases.json', jsonOut: undefined, steps: undefined, objectControl: true, cameraProjection: true,
    });
    expect(parseEvalArgs(['pkg', 'cases.json', '--json', 'r.json', '--steps', '4', '--object-control', 'off'])).toEqual({
      packageDir: 'pkg', casesFile: 'cases.json', jsonOut: 'r.json', steps: 4, objectControl: false, cameraProjection: true,
    });
    expect(parseEvalArgs(['pkg', 'cases.json', '--camera-projection', 'off'])?.cameraProjection).toBe(false);
    expect(parseEvalArgs(['pkg', 'cases.json', '--camera-projection=on'])?.cameraProjection).toBe(true);
    expect(() => parseEvalArgs(['pkg', 'cases.json', '--camera-projection', 'yes'])).toThrow('--camera-projection must be "on" or "off", got "yes"');
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
    expect(cameraProjectionLine(true, 1)).toMatch(/^camera projection: on at 1 /);
    expect(cameraProjectionLine(false, 1)).toMatch(/^camera projection: off \(the package asks for 1; the model alone\)/);
    expect(cameraProjectionLine(true, 0)).toMatch(/^camera projection: none /);
  });
});

describe('--provider and DIRECTA_PROVIDER', () => {
  const parsed = (...argv: string[]) => parseCommand('render', argv, { provider: { type: 'string' } });

  it('names one of the known providers, the option before the variable; neither: the engine chooses', () => {
    expect(providerOption(parsed('--provider', 'webgpu'), 'render', {})).toBe('webgpu');
    expect(providerOption(parsed('--provider', ' CPU '), 'render', {})).toBe('cpu');
    expect(providerOption(parsed('--provider', 'cpu'), 'render', { DIRECTA_PROVIDER: 'webgpu' })).toBe('cpu');
    expect(providerOption(parsed(), 'render', { DIRECTA_PROVIDER: 'webgpu' })).toBe('webgpu');
    expect(providerOption(parsed(), 'render', {})).toBeUndefined();
    expect(providerOption(parsed(), 'render', { DIRECTA_PROVIDER: '' })).toBeUndefined();
    expect(parseEvalArgs(['pkg', 'cases.json', '--provider', 'webgpu'])?.provider).toBe('webgpu');
  });

  it('refuses an unknown name as a usage error that lists the known ones', () => {
    const attempt = () => providerOption(parsed('--provider', 'gpu'), 'render', {});
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(`--provider: unknown execution provider "gpu"; use one of ${PROVIDERS.join(', ')}`);
    expect(() => providerOption(parsed(), 'eval', { DIRECTA_PROVIDER: 'vulkan' })).toThrow(/^DIRECTA_PROVIDER: unknown execution provider "vulkan"/);
    expect(() => parseProvider('tensorrt', 'x')).toThrow(RangeError);
  });
});
