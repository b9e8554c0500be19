/**
 * Electron main process: app lifecycle, the window and its security settings, and the
 * wiring of the contract's calls to the router.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session, type WebContents } from 'electron';
import { createAppServices, defaultLibraryDir, type AppServices } from './app-services';
import { callChannel, callNames, eventChannel, type EventName, type EventPayload } from './ipc/contract';
import { APP_ORIGIN, APP_SCHEME, appProtocolResponse } from './app-protocol';
import { installLastResort } from './last-resort';
import { CONTENT_SECURITY_POLICY } from './security';
import { setDefaultNativeBinding } from './store/database';

const SCHEME = APP_SCHEME;
const ORIGIN = APP_ORIGIN;
const rendererDir = path.join(__dirname, '..', 'renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

// An error nothing else caught is logged and the app goes on (see last-resort.ts for why that is safe).
installLastResort({ log: (message) => console.error(message), exit: (code) => app.exit(code) });

let services: AppServices | undefined;
let mainWindow: BrowserWindow | undefined;

function emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
  for (const win of BrowserWindow.getAllWindows()) win.webContents.send(eventChannel(name), payload);
}

/** In development the Node build of better-sqlite3 cannot load in Electron: use the Electron build beside it. */
function useElectronSqliteBuild(): void {
  const candidate = process.env.DIRECTA_SQLITE_BINDING ?? path.join(__dirname, '..', 'native', 'electron', 'better_sqlite3.node');
  if (!app.isPackaged && fs.existsSync(candidate)) setDefaultNativeBinding(candidate);
}

function isOwnFrame(sender: WebContents, frameUrl: string | undefined): boolean {
  return mainWindow !== undefined && sender === mainWindow.webContents && (frameUrl ?? '').startsWith(`${ORIGIN}/`);
}

function serveRenderer(): void {
  const projectDir = (id: string): string | null => {
    try {
      return services?.library.get(id).path ?? null;
    } catch {
      return null;
    }
  };
  protocol.handle(SCHEME, (request) => appProtocolResponse(request.url, { rendererDir, projectDir }));
}

function wireIpc(router: AppServices['router']): void {
  for (const name of callNames) {
    ipcMain.handle(callChannel(name), (event, input: unknown) => {
      if (!isOwnFrame(event.sender, event.senderFrame?.url)) {
        return { ok: false, error: { code: 'UNKNOWN_CALL', message: 'calls are accepted from the app window only' } };
      }
      return router(name, input);
    });
  }
}

function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Directa',
    backgroundColor: '#16181d',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${ORIGIN}/`)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${ORIGIN}/index.html`);
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });

  app.whenReady().then(() => {
    useElectronSqliteBuild();
    hardenSession();
    serveRenderer();
    services = createAppServices({
      libraryDir: defaultLibraryDir(app.getPath('documents')),
      host: 'electron',
      emit,
      ...(app.isPackaged ? { shippedModels: path.join(process.resourcesPath, 'models') } : {}),
      userModels: process.env.DIRECTA_MODELS ?? path.join(app.getPath('userData'), 'models'),
    });
    wireIpc(services.router);
    services.generation.recover();
    mainWindow = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  }).catch((err: unknown) => {
    console.error('Directa failed to start:', err);
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Let the queue stop cleanly (a running job resumes at the next start), then quit.
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !services) return;
    event.preventDefault();
    quitting = true;
    void services.close().finally(() => {
      services = undefined;
      app.quit();
    });
  });
}
