import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { beforeAll, describe, expect, it } from 'vitest'
import { productName } from '../../src/main/core/paths'

// The configuration is read by electron-builder's own loader (app-builder-lib comes with the pinned electron-builder)
// and checked against its schema, so this test sees what `npm run dist` would see.
type Config = Awaited<ReturnType<typeof getConfig>>
type TargetList = readonly { readonly target: string; readonly arch?: readonly string[] | string }[]

function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path)
  expect(bytes.subarray(1, 4).toString('latin1'), `${path} is a PNG`).toBe('PNG')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

function targets(list: unknown): TargetList {
  return list as TargetList
}

describe('installer configuration (electron-builder.yml)', () => {
  let config: Config
  beforeAll(async () => {
    config = await getConfig(process.cwd(), null, null)
  })

  it('is valid for electron-builder', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('names the app as the data folder expects, so the CLI and the app share data', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { productName: string; scripts: Record<string, string> }
    expect(config.appId).toBe('com.scimconsole.app')
    expect(config.productName).toBe(productName)
    expect(pkg.productName).toBe(productName)
    expect(pkg.scripts['dist']).toBe('electron-vite build && electron-builder')
  })

  it('builds a dmg for Intel and Apple silicon, NSIS for Windows, AppImage and deb for Linux', () => {
    expect(targets(config.mac?.target)).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }])
    expect(targets(config.win?.target).map((t) => t.target)).toEqual(['nsis'])
    expect(targets(config.win?.target)[0]?.arch).toContain('x64')
    expect(targets(config.linux?.target).map((t) => t.target)).toEqual(['AppImage', 'deb'])
    expect(config.nsis?.oneClick).toBe(false)
  })

  it('packages the built app and unpacks the native SQLite addon from the asar', () => {
    const files = (config.files as readonly (string | { filter?: readonly string[] })[]).flatMap((entry) => (typeof entry === 'string' ? [entry] : (entry.filter ?? [])))
    expect(files).toContain('out/**')
    expect(files).toContain('package.json')
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**')
    expect(config.asar).not.toBe(false)
  })

  it('needs no native rebuild: better-sqlite3 ships a Node-API binary for every target', () => {
    expect(config.npmRebuild).toBe(false)
    const prebuilds = readdirSync('node_modules/better-sqlite3/prebuilds')
    for (const target of ['darwin-x64', 'darwin-arm64', 'win32-x64', 'linux-x64']) expect(prebuilds).toContain(`${target}.node`)
    for (const arch of [targets(config.win?.target)[0]?.arch ?? []].flat()) expect(prebuilds).toContain(`win32-${arch}.node`)
  })

  it('has a square 1024 px icon from which the .icns and .ico are made, and its SVG source', () => {
    expect(config.directories?.buildResources).toBe('resources')
    expect(config.mac?.icon).toBe('resources/icon.png')
    expect(config.win?.icon).toBe('resources/icon.png')
    expect(pngSize('resources/icon.png')).toEqual({ width: 1024, height: 1024 })
    expect(readFileSync('resources/icon.svg', 'utf8')).toMatch(/<svg[^>]+viewBox="0 0 1024 1024"/)
  })

  it('has the Linux icon set, each file the size its name says', () => {
    expect(config.linux?.icon).toBe('resources/icons')
    const names = readdirSync('resources/icons').filter((name) => name.endsWith('.png'))
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(names).toContain(`${size}x${size}.png`)
    for (const name of names) {
      const [width, height] = name.replace('.png', '').split('x').map(Number)
      expect(pngSize(resolve('resources/icons', name)), name).toEqual({ width, height })
    }
  })

  it('ships the tray icons (running, stopped, failing at 1x and 2x) as extra resources', () => {
    const extra = config.extraResources as readonly { from: string; to: string }[]
    expect(extra).toContainEqual({ from: 'resources/tray', to: 'tray' })
    expect(extra).toContainEqual({ from: 'resources/icons/256x256.png', to: 'icons/256x256.png' })
    for (const state of ['running', 'stopped', 'failing']) {
      expect(pngSize(`resources/tray/${state}.png`)).toEqual({ width: 16, height: 16 })
      expect(pngSize(`resources/tray/${state}@2x.png`)).toEqual({ width: 32, height: 32 })
    }
    for (const entry of extra) expect(existsSync(entry.from), entry.from).toBe(true)
  })
})
