import { contextBridge, ipcRenderer } from 'electron'
import { createApiClient } from '../shared/ipc'

// The renderer gets only the typed client: never ipcRenderer itself.
const api = createApiClient(
  (channel, input) => ipcRenderer.invoke(channel, input),
  (event, listener) => {
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(event, handler)
    return () => void ipcRenderer.removeListener(event, handler)
  }
)

contextBridge.exposeInMainWorld('api', api)
