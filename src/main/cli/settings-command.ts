import { quoted } from '../../shared/quoted'
import type { AppSettings, SettingsPatch } from '../../shared/models'
import { hostProblem } from '../core/settings'
import { cleartextUrlWarning, fetchRefusedPortWarning, isLoopbackHost } from '../../shared/addresses'
import { settingsLimits, type WholeRange } from '../../shared/settings-rules'
import { exposureWarning } from '../security/exposure'
import { CommandError, commandWord, noMore, parse, positional, table, unwrap, UsageError, withServices, type Io } from './common'

type SettingValue = string | number | boolean | null

/** One setting the CLI reads and writes, by its dotted key. */
interface SettingKey {
  readonly read: (settings: AppSettings) => SettingValue
  readonly patch: (value: SettingValue) => SettingsPatch
  /** Turns the command-line text into a value, or says what it expects. */
  readonly parse: (raw: string) => SettingValue
  readonly expects: string
}

function wholeNumberValue(raw: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new UsageError('not a whole number')
  return Number(raw.trim())
}

function booleanValue(raw: string): boolean {
  const text = raw.trim().toLowerCase()
  if (['true', 'on', 'yes', '1'].includes(text)) return true
  if (['false', 'off', 'no', '0'].includes(text)) return false
  throw new UsageError('not true or false')
}

function asNumber(value: SettingValue): number {
  return Number(value)
}

function asBoolean(value: SettingValue): boolean {
  return value === true
}

/**
 * A whole-number setting, which says its range (the settings service's) when the value given is not a number in it;
 * grouped in thousands as the service's own refusal writes it, except a port, which nobody writes as 65,535.
 */
function whole(range: WholeRange, unit = '', grouped = true) {
  const format = (value: number) => (grouped ? value.toLocaleString('en-US') : String(value))
  return { parse: wholeNumberValue, expects: `a whole number${unit} from ${format(range.min)} to ${format(range.max)}` }
}
const flag = { parse: booleanValue, expects: 'true or false' }

/** Every setting by its dotted key; the settings service validates the values. */
export const settingKeys: Readonly<Record<string, SettingKey>> = {
  'server.host': {
    read: (s) => s.server.host,
    patch: (v) => ({ server: { host: String(v) } }),
    parse: (raw) => raw.trim(),
    expects: 'an address such as 127.0.0.1'
  },
  'server.port': { ...whole(settingsLimits.port, '', false), read: (s) => s.server.port, patch: (v) => ({ server: { port: asNumber(v) } }) },
  'server.publicUrl': {
    read: (s) => s.server.publicUrl,
    patch: (v) => ({ server: { publicUrl: v === null ? null : String(v) } }),
    parse: (raw) => (['', 'none', 'null', 'off'].includes(raw.trim().toLowerCase()) ? null : raw.trim()),
    expects: 'an origin such as https://acme.example-tunnel.com, or "none"'
  },
  'server.autoStart': { ...flag, read: (s) => s.server.autoStart, patch: (v) => ({ server: { autoStart: asBoolean(v) } }) },
  'retention.days': { ...whole(settingsLimits.retentionDays, ' of days'), read: (s) => s.retention.days, patch: (v) => ({ retention: { days: asNumber(v) } }) },
  'retention.rows': { ...whole(settingsLimits.retentionRows, ' of log rows'), read: (s) => s.retention.rows, patch: (v) => ({ retention: { rows: asNumber(v) } }) },
  'notifications.enabled': { ...flag, read: (s) => s.notifications.enabled, patch: (v) => ({ notifications: { enabled: asBoolean(v) } }) },
  'notifications.failureThreshold': {
    ...whole(settingsLimits.failureThreshold, ' of failures'),
    read: (s) => s.notifications.failureThreshold,
    patch: (v) => ({ notifications: { failureThreshold: asNumber(v) } })
  },
  'notifications.windowMinutes': {
    ...whole(settingsLimits.windowMinutes, ' of minutes'),
    read: (s) => s.notifications.windowMinutes,
    patch: (v) => ({ notifications: { windowMinutes: asNumber(v) } })
  },
  keepRunningInTray: { ...flag, read: (s) => s.keepRunningInTray, patch: (v) => ({ keepRunningInTray: asBoolean(v) }) }
}

function unknownSetting(key: string): string {
  return `unknown setting ${quoted(key)}; the settings are ${Object.keys(settingKeys).join(', ')}`
}

function settingKey(key: string): SettingKey {
  const found = Object.hasOwn(settingKeys, key) ? settingKeys[key] : undefined
  if (!found) throw new UsageError(unknownSetting(key))
  return found
}

/**
 * `settings get -1`: no setting's key starts with a dash, so it is answered as any other key no setting has, with the
 * keys there are, not with how to write it (`-- -1`) for that refusal to come next. One after a KEY is one too many.
 */
function negativeKey(given: string, _dbFlag: string | undefined, before: readonly string[]): string {
  return before.length > 0 ? `unexpected argument ${quoted(given)}` : unknownSetting(given)
}

/**
 * `settings set KEY -1`: no setting takes a value that starts with a dash (a number, an address, an origin, true or
 * false), so a negative one is answered with what KEY takes, not with how to write it (`-- -1`) for the next refusal.
 */
function negativeValue(given: string, _dbFlag: string | undefined, before: readonly string[]): string {
  if (before.length > 1) return `unexpected argument ${quoted(given)}`
  const key = before[0] ?? given
  return `${key} must be ${settingKey(key).expects}, not ${quoted(given)}`
}

function shown(value: SettingValue): string {
  return value === null ? 'none' : String(value)
}

/** `settings get [KEY]` and `settings set KEY VALUE [--yes]`, over the same settings the app uses. */
export function settingsCommand(args: readonly string[], io: Io): void {
  const [verb, rest] = commandWord(args)
  switch (verb) {
    case 'get': {
      const { values, positionals } = parse(rest, {}, { positional: negativeKey })
      noMore(positionals, 1)
      const key = positionals[0]
      const definition = key === undefined ? null : settingKey(key)
      const settings = withServices(values.db, (services) => services.settings.get(), 'refuse')
      if (key !== undefined && definition) {
        const value = definition.read(settings)
        io.out(values.json ? JSON.stringify({ key, value }) : shown(value))
      } else if (values.json) {
        io.out(JSON.stringify(settings))
      } else {
        io.out(table(Object.entries(settingKeys).map(([name, setting]) => [name, shown(setting.read(settings))])))
      }
      return
    }
    case 'set': {
      const { values, positionals } = parse(rest, { yes: { type: 'boolean', default: false } }, { positional: negativeValue })
      const key = positional(positionals, 0, 'KEY')
      if (positionals[1] === undefined) throw new UsageError(`missing VALUE for ${key}`)
      noMore(positionals, 2)
      const definition = settingKey(key)
      let value: SettingValue
      try {
        value = definition.parse(positionals[1])
      } catch {
        throw new UsageError(`${key} must be ${definition.expects}, not ${quoted(positionals[1] ?? '')}`)
      }
      // A host that is not one is refused by the update, not offered for a confirmation of its risk.
      if (key === 'server.host' && typeof value === 'string' && hostProblem(value) === null && !isLoopbackHost(value)) {
        // A refusal is one error line, so it carries the risk itself; once confirmed, the risk is still said.
        if (!values.yes) throw new CommandError(`not changed: add --yes to listen on ${value}. ${exposureWarning(value)}`)
      }
      const settings = withServices(values.db, (services) => unwrap(services.settings.update(definition.patch(value))))
      // Said once the change is made: a change refused (a database that cannot be opened) is one error line alone.
      if (key === 'server.host' && !isLoopbackHost(settings.server.host)) io.err(`Warning: ${exposureWarning(settings.server.host)}`)
      const stored = definition.read(settings)
      const cleartext = key === 'server.publicUrl' ? cleartextUrlWarning(settings.server.publicUrl) : null
      if (cleartext) io.err(`Warning: ${cleartext}`)
      const refusedPort = key === 'server.port' ? fetchRefusedPortWarning(settings.server.port) : null
      if (refusedPort !== null) io.err(`Warning: ${refusedPort}`)
      if (values.json) io.out(JSON.stringify({ key, value: stored }))
      else {
        io.out(`${key} = ${shown(stored)}`)
        if (key.startsWith('server.') && key !== 'server.autoStart') {
          io.out('A running SCIM Console uses it from its next server start (Server → Restart).')
        }
      }
      return
    }
    default:
      throw new UsageError(verb ? `unknown settings command ${quoted(verb)}` : 'missing settings command: get or set')
  }
}
