import { CommandError, logLine, noMore, parse, unwrap, UsageError, wholeNumber, withServices, type Io } from './common'

/** `logs`: the provisioning log, newest first. */
export function logsCommand(args: readonly string[], io: Io): void {
  const { values, positionals } = parse(args, {
    tenant: { type: 'string' },
    failed: { type: 'boolean', default: false },
    limit: { type: 'string' }
  })
  noMore(positionals, 0)
  const limit = wholeNumber('--limit', values.limit) ?? 50
  if (limit < 1 || limit > 1000) throw new UsageError('--limit must be from 1 to 1000')
  withServices(values.db, (services) => {
    let tenantId: string | undefined
    if (values.tenant !== undefined) {
      const tenant = services.tenants.find(values.tenant)
      if (!tenant) throw new CommandError(`no tenant has the id or slug "${values.tenant}"`)
      tenantId = tenant.id
    }
    const page = unwrap(services.log.list({ tenantId, outcome: values.failed ? 'failed' : 'all', limit }))
    for (const entry of page.items) io.out(values.json ? JSON.stringify(entry) : logLine(entry))
    if (!values.json && page.items.length === 0) io.out('No requests logged yet.')
  })
}
