/**
 * The Electron security checklist, checked on the real electron/main.ts and preload.ts
 * with the `electron` module replaced by a recorder (no Electron binary runs here): the
 * window's webPreferences, navigation and window-opening limits, permissions, the CSP,
 * IPC sender validation, the app:// scheme, and what the preload exposes. SECURITY.md
 * cites each test by name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { callChannel, callNames } from '../../electron/ipc/contract';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';

type Fn = (...args: never[]) => unknown;
interface FakeWebContents { handlers: Map<string, Fn>; windowOpen?: Fn }
interface FakeWindow { options: { webPreferences: Record<string, unknown> }; webContents: FakeWebContents; url?: string }

const rec = vi.hoisted(() => ({
  windows: [] as FakeWindow[],
  ipc: new Map<string, Fn>(),
  protocolHandlers: new Map<string, Fn>(),
  schemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
  permissionRequest: undefined as Fn | undefined,
  permissionCheck: undefined as Fn | undefined,
  headersReceived: undefined as Fn | undefined,
  exposed: new Map<string, unknown>(),
  invoked: [] as string[],
  routed: [] as string[],
}));

vi.mock('electron', () => {
  class WebContents {
    handlers = new Map<string, Fn>();
    windowOpen?: Fn;
    on(event: string, fn: Fn) {
      this.handlers.set(event, fn);
    }
    setWindowOpenHandler(fn: Fn) {
      this.windowOpen = fn;
    }
    send() {}
  }
  class BrowserWindow {
    static getAllWindows = () => rec.windows;
    webContents = new WebContents();
    url?: string;
    constructor(public options: FakeWindow['options']) {
      rec.windows.push(this as unknown as FakeWindow);
    }
    once() {}
    show() {}
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      requestSingleInstanceLock: () => true, on: () => undefined, whenReady: () => Promise.resolve(), isPackaged: false,
      getPath: () => '/nonexistent', exit: () => undefined, quit: () => undefined,
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: Fn) => rec.ipc.set(channel, fn) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: typeof rec.schemes) => rec.schemes.push(...schemes),
      handle: (scheme: string, fn: Fn) => rec.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => (rec.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Fn) => (rec.permissionCheck = fn),
        webRequest: { onHeadersReceived: (fn: Fn) => (rec.headersReceived = fn) },
      },
    },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => rec.exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string) => {
        rec.invoked.push(channel);
        return Promise.resolve({ ok: true, value: null });
      },
      on: () => undefined,
      removeListener: () => undefined,
    },
  };
});
vi.mock('../../electron/app-services', () => ({
  defaultLibraryDir: () => '/nonexistent/Directa',
  createAppServices: () => ({
    router: async (name: string) => {
      rec.routed.push(name);
      return { ok: true, value: null };
    },
    library: { get: () => { throw new Error('no project'); } },
    generation: { recover: () => undefined },
    close: async () => undefined,
  }),
}));
vi.mock('../../electron/last-resort', () => ({ installLastResort: () => () => undefined }));

let win: FakeWindow;
beforeAll(async () => {
  await import('../../electron/main');
  await import('../../electron/preload');
  await vi.waitFor(() => expect(rec.windows.length).toBe(1));
  win = rec.windows[0]!;
});

const navigationPrevented = (event: string, url: string): boolean => {
  let prevented = false;
  (win.webContents.handlers.get(event) as (e: { preventDefault: () => void }, url: string) => void)({ preventDefault: () => (prevented = true) }, url);
  return prevented;
};

describe('the window (checklist 2, 3, 4, 6, 8, 9, 10)', () => {
  it('has Node integration off, context isolation and the sandbox on, web security on, no insecure content', () => {
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      webSecurity: true, allowRunningInsecureContent: false, webviewTag: false,
    });
    for (const risky of ['experimentalFeatures', 'enableBlinkFeatures', 'nodeIntegrationInSubFrames', 'disableBlinkFeatures']) {
      expect(win.options.webPreferences[risky], risky).toBeUndefined();
    }
    expect(String(win.options.webPreferences.preload)).toMatch(/preload\.cjs$/);
  });

  it('loads the app from its own app:// scheme, never file:// or http (checklist 1, 18)', () => {
    expect(win.url).toBe('app://directa/index.html');
    expect(rec.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(rec.protocolHandlers.has('app')).toBe(true);
  });
});

describe('navigation and new windows (checklist 11, 12, 13, 14)', () => {
  it('navigates only within app://directa/', () => {
    expect(navigationPrevented('will-navigate', 'app://directa/index.html')).toBe(false);
    for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://directa.evil/', 'app://other/']) {
      expect(navigationPrevented('will-navigate', url), url).toBe(true);
    }
  });

  it('opens no new window and attaches no <webview>', () => {
    expect(win.webContents.windowOpen?.()).toEqual({ action: 'deny' });
    expect(navigationPrevented('will-attach-webview', 'app://directa/')).toBe(true);
  });
});

describe('permissions and content security policy (checklist 5, 7)', () => {
  it('denies every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      (rec.permissionRequest as (wc: unknown, p: string, cb: (ok: boolean) => void) => void)({}, permission, (ok) => (granted = ok));
      expect(granted, permission).toBe(false);
      expect((rec.permissionCheck as (wc: unknown, p: string) => boolean)({}, permission)).toBe(false);
    }
  });

  it('puts a strict CSP on every response', () => {
    let headers: Record<string, string[]> = {};
    (rec.headersReceived as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)(
      { responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = r.responseHeaders),
    );
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});

describe('IPC (checklist 17, 20)', () => {
  const callFrom = (sender: unknown, frameUrl: string) =>
    (rec.ipc.get(callChannel('project.list')) as (e: unknown, input: unknown) => Promise<{ ok: boolean }>)({ sender, senderFrame: { url: frameUrl } }, {});

  it('has a handler for every contract call and nothing else', () => {
    expect([...rec.ipc.keys()].sort()).toEqual(callNames.map((n) => callChannel(n)).sort());
  });

  it('answers only the app window\'s own frame', async () => {
    rec.routed.length = 0;
    expect(await callFrom(win.webContents, 'app://directa/index.html')).toMatchObject({ ok: true });
    expect(await callFrom({}, 'app://directa/index.html')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await callFrom(win.webContents, 'https://evil.example/')).toMatchObject({ ok: false });
    expect(rec.routed).toEqual(['project.list']);
  });

  it('the preload exposes only window.directa with call and on, which pass only contract names', async () => {
    expect([...rec.exposed.keys()]).toEqual(['directa']);
    const bridge = rec.exposed.get('directa') as { call: (n: string, i: unknown) => Promise<unknown>; on: (n: string, l: () => void) => unknown };
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on']);
    rec.invoked.length = 0;
    expect(await bridge.call('shell.openExternal', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(rec.invoked).toEqual([]);
    await bridge.call('project.list', {});
    expect(rec.invoked).toEqual([callChannel('project.list')]);
    expect(() => bridge.on('not.an.event', () => undefined)).toThrow();
  });
});

describe('the code and the package (checklist 15, 16, 19)', () => {
  const sources = (dir: string): string[] => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|svelte)$/.test(f)).map((f) => path.join(dir, f));

  it('never calls shell.openExternal, loads no remote URL and no file:// page', () => {
    for (const file of [...sources('electron'), ...sources('renderer/src')]) {
      const text = fs.readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/openExternal|loadFile\(|loadURL\(\s*['"`](?:https?|file):/);
    }
  });

  it('pins a current Electron major and sets the fuses when packaging', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> };
    expect(Number(/\d+/.exec(pkg.devDependencies.electron ?? '')?.[0])).toBeGreaterThanOrEqual(45);
    const builder = fs.readFileSync('build/electron-builder.yml', 'utf8');
    for (const fuse of [
      'runAsNode: false', 'enableCookieEncryption: true', 'enableNodeOptionsEnvironmentVariable: false',
      'enableNodeCliInspectArguments: false', 'enableEmbeddedAsarIntegrityValidation: true', 'onlyLoadAppFromAsar: true',
      'grantFileProtocolExtraPrivileges: false',
    ]) expect(builder, fuse).toContain(`\n  ${fuse}`);
  });
});
