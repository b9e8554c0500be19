/**
 * The bridge between the sandboxed renderer and the main process. It exposes exactly the
 * contract's calls and events as `window.directa`, and nothing of Node or Electron.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { callChannel, eventChannel, isCallName, isEventName, type DirectaBridge } from './ipc/contract';

const bridge: DirectaBridge = {
  call(name, input) {
    if (!isCallName(name)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CALL', message: `unknown call ${String(name)}` } });
    }
    return ipcRenderer.invoke(callChannel(name), input);
  },
  on(name, listener) {
    if (!isEventName(name)) throw new Error(`unknown event ${String(name)}`);
    const channel = eventChannel(name);
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('directa', bridge);
