/** Server state for Settings: the app's settings, facts about its data, backup and restore, and the app's versions. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import type { AppSettings, SettingsPatch } from '../../../../shared/models'
import { call, useApiEvent, type ChannelValue } from '../../api/client'
import { throttle } from '../../lib/throttle'

/** Query keys for settings and app facts. */
export const settingsKeys = {
  all: ['settings'] as const,
  current: () => [...settingsKeys.all, 'current'] as const
}

/** Query keys for app facts. */
export const appKeys = {
  all: ['app'] as const,
  info: () => [...appKeys.all, 'info'] as const
}

type SettingsAndData = ChannelValue<'settings:get'>

/** Version, database path and component versions; they do not change while the app runs. */
export function useAppInfo() {
  return useQuery({ queryKey: appKeys.info(), queryFn: () => call('app:info', {}), staleTime: Infinity })
}

/** The settings, with the data folder's facts (size, log rows). `settings:changed` pushes keep them current. */
export function useSettings() {
  return useQuery({ queryKey: settingsKeys.current(), queryFn: () => call('settings:get', {}) })
}

/** Writes each `settings:changed` push (from this window, the tray or the CLI) into the cache. */
export function useSettingsLiveUpdates(): void {
  const queryClient = useQueryClient()
  useApiEvent('settings:changed', (settings: AppSettings) => {
    queryClient.setQueryData<SettingsAndData>(settingsKeys.current(), (current) => (current ? { ...current, settings } : current))
  })
}

/** Refreshes the database size and log row count while requests arrive or old ones go, at most every few seconds. */
export function useDataInfoLiveUpdates(): void {
  const queryClient = useQueryClient()
  const refresh = useMemo(
    () => throttle(() => void queryClient.invalidateQueries({ queryKey: settingsKeys.current() }, { cancelRefetch: false }), 5000),
    [queryClient]
  )
  useEffect(() => refresh.cancel, [refresh])
  useApiEvent('logs:appended', refresh)
  useApiEvent('logs:pruned', refresh)
}

/** What `settings:update` sends: a patch, and the explicit yes to exposing the server beyond this computer. */
export interface SettingsUpdate {
  readonly patch: SettingsPatch
  readonly confirmExposure?: boolean
}

/** Saves part of the settings. Main validates, restarts the server when its address changes, and pushes the result. */
export function useUpdateSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (update: SettingsUpdate) => call('settings:update', update.confirmExposure ? { patch: update.patch, confirmExposure: true } : { patch: update.patch }),
    onSuccess: (settings) => {
      queryClient.setQueryData<SettingsAndData>(settingsKeys.current(), (current) => (current ? { ...current, settings } : current))
    }
  })
}

/** Shows the data folder in the OS file manager. */
export function useOpenDataFolder() {
  return useMutation({ mutationFn: () => call('app:open-data-folder', {}) })
}

/** An online backup of the whole database to a file chosen in a save dialog; null when the user cancels it. */
export function useBackup() {
  return useMutation({ mutationFn: () => call('app:backup', {}) })
}

/** Restores a backup chosen in an open dialog; SCIM Console then restarts. Null when the user cancels the dialog. */
export function useRestore() {
  return useMutation({ mutationFn: () => call('app:restore', {}) })
}
