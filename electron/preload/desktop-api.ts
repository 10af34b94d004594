/**
 * The DesktopApi as the preload implements it: every method is one named IPC call to main (which checks the
 * sender and the arguments); online/offline comes from the page's navigator and its events.
 */
import { ipcRenderer } from 'electron'
import { ipcChannels, type DesktopApi, type IpcChannel, type Unsubscribe } from '@shared/desktop/contract'

function invoke<T>(channel: IpcChannel, ...args: unknown[]): Promise<T> {
  return ipcRenderer.invoke(channel, ...args) as Promise<T>
}

/** The page's window as far as online/offline goes (the preload shares the page's DOM). */
export interface OnlineSource {
  navigator: { onLine: boolean }
  addEventListener(type: 'online' | 'offline', listener: () => void): void
  removeEventListener(type: 'online' | 'offline', listener: () => void): void
}

export function createDesktopApi(page: OnlineSource) {
  return {
    appInfo: () => invoke(ipcChannels.appInfo),
    credentials: {
      info: () => invoke(ipcChannels.credentialsInfo),
      save: (server: string, refreshToken: string) =>
        invoke(ipcChannels.credentialsSave, server, refreshToken),
      load: (server: string) => invoke(ipcChannels.credentialsLoad, server),
      clear: (server: string) => invoke(ipcChannels.credentialsClear, server),
    },
    notify: ({ title, body }) => invoke(ipcChannels.notify, { title, body }),
    setBadgeCount: (count: number) => invoke(ipcChannels.setBadgeCount, count),
    openExternal: (url: string) => invoke(ipcChannels.openExternal, url),
    printToPdf: ({ fileName }) => invoke(ipcChannels.printToPdf, { fileName }),
    onOnlineChange: (listener: (online: boolean) => void): Unsubscribe => {
      const onOnline = () => listener(true)
      const onOffline = () => listener(false)
      page.addEventListener('online', onOnline)
      page.addEventListener('offline', onOffline)
      return () => {
        page.removeEventListener('online', onOnline)
        page.removeEventListener('offline', onOffline)
      }
    },
    isOnline: () => page.navigator.onLine,
  } satisfies DesktopApi
}
