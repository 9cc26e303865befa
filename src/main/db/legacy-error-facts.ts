import type { ErrorFacts } from '../../shared/models.ts'

/**
 * The facts of a log row written before migration 14, read out of its error detail, for that migration alone: since
 * then the server keeps them with each row (ScimError.facts), and the diagnosis reads them there, never in the detail.
 * Frozen with the step: it reads the details as SCIM Console wrote them up to then (scim/render.ts staleIfMatch, the
 * directory's 412 of a write, core/directory.ts nestedGroupsSentence and unknownMembersSentence, the attribute, member or
 * path of a 400 of scim/resources.ts and scim/patch.ts, a PATCH's operation), and no later wording needs it. A detail it
 * cannot read gives null: the diagnosis of that row then says less, never something wrong.
 */
export function legacyErrorFacts(status: number, detail: string): ErrorFacts | null {
  if (status === 412) {
    // Every wording of a stale If-Match named the version ("is now at version 3 (ETag W/"3")", "(version 3)"), and
    // If-None-Match's named its header.
    const version = /version (\d+)/.exec(detail)?.[1]
    const condition = detail.includes('If-None-Match') ? 'if-none-match' : 'if-match'
    return { ...(version === undefined ? {} : { currentVersion: Number(version) }), condition }
  }
  if (status !== 400) return null
  const request = requestFacts(detail)
  // `"Engineering" (id 6f2d…), "Ops" (id 7a1c…), …`: the first five groups, after the count when there were several.
  const listed = /that (?:is a group|are groups) of this tenant, not (?:a user|users): (.+?)\. SCIM Console does not support nested groups/.exec(detail)?.[1]
  const memberGroups = listed ? [...listed.matchAll(/"(.*?)" \(id ([^)]*)\)/g)].map(([, name = '', id = '']) => ({ id, name })) : []
  const unknownListed = /not (?:a user|users) of this tenant: (.+?)\.(?: |$)/.exec(detail)?.[1]
  const unknownMembers = unknownListed ? unknownListed.split(', ').filter((id) => id !== '…') : []
  if (memberGroups.length === 0 && unknownMembers.length === 0) return request
  const groupCount = Number(/(\d+) members that are groups of this tenant/.exec(detail)?.[1] ?? memberGroups.length)
  const unknownCount = Number(/(\d+) members that are not users of this tenant/.exec(detail)?.[1] ?? unknownMembers.length)
  return {
    ...request,
    ...(memberGroups.length > 0 ? { memberGroups, memberGroupCount: groupCount } : {}),
    ...(unknownMembers.length > 0 ? { unknownMembers, unknownMemberCount: unknownCount } : {})
  }
}

/**
 * The attribute, member or PATCH path a 400 named (`The attribute phoneNumbers[0].value must be…`, `The path
 * "members[value eq "x"]" is…`: a path holds quotes of its own, so it ends at the quote before " is" or " has"), a
 * required one it had not, the PATCH operation it was about ("Operation 2 of 3 (…): …") and a PATCH's count over the
 * limit, as the log's diagnosis read them out of the detail up to migration 14.
 */
function requestFacts(detail: string): ErrorFacts | null {
  const named = [
    /\bThe attribute '?([\w.:$[\]-]+?)'? (?:must|is|has|cannot|appears)/,
    /\bThe path "(.+?)" (?:is|has)\b/,
    /\bThe path "([^"]+)"/,
    /\bThe value for ([\w.:$-]+)/,
    /\bThe member ([\w.[\]]+) has/
  ]
    .map((pattern) => pattern.exec(detail)?.[1])
    .find((found) => found)
  const noUserName = /has no userName/.test(detail)
  const noDisplayName = /^The group has no displayName\b/.test(detail)
  const attribute = named ?? (noUserName ? 'userName' : noDisplayName ? 'displayName' : undefined)
  const missing = (attribute === 'userName' && noUserName) || noDisplayName
  const operation = /^Operation (\d+) of \d+/.exec(detail)?.[1]
  const over = /has (\d+) operations; at most (\d+)/.exec(detail)
  // A filter's: where it broke, whether an operator was wanted there, its comparisons over the limit, an attribute it cannot filter on.
  const near = /near '([^']*)' at character (\d+)/.exec(detail)
  const comparisons = /makes (\d+) comparisons; at most (\d+)/.exec(detail)
  const unfilterable = /The attribute '([^']+)' is not supported in filters/.exec(detail)?.[1]
  const facts: ErrorFacts = {
    ...(near ? { filterFragment: near[1] ?? '', filterPosition: Number(near[2]), ...(/expected an operator/i.test(detail) ? { filterExpected: 'operator' as const } : {}) } : {}),
    ...(comparisons ? { filterComparisons: Number(comparisons[1]), filterComparisonLimit: Number(comparisons[2]) } : {}),
    ...(unfilterable === undefined ? {} : { unfilterable }),
    ...(attribute === undefined ? {} : { attribute }),
    ...(missing ? { missing } : {}),
    ...(operation === undefined ? {} : { operation: Number(operation) }),
    ...(over ? { operationCount: Number(over[1]), operationLimit: Number(over[2]) } : {})
  }
  return Object.keys(facts).length === 0 ? null : facts
}

/** A log row as migration 15 reads it: what its parser needs to know besides the detail. */
export interface LegacyRow {
  readonly status: number
  readonly errorType: string | null
  readonly detail: string
  readonly injected: boolean
  readonly hasBody: boolean
}

// db/storage-errors.ts's sentences up to migration 15, which the log kept as the details of its 503s and 507s.
const storageSentences = {
  full: 'The disk that holds the SCIM Console database is full, so the change was not saved. Free some disk space, then try again.',
  busy: 'The SCIM Console database was busy: another SCIM Console process (the app, "scim-console serve" or the CLI) held it for more than 5 seconds, so the change was not saved. Try again in a moment.',
  'read-only': 'The SCIM Console database cannot be written (the file or its folder is read-only), so the change was not saved. Check its permissions.',
  removed:
    "SCIM Console's database file was deleted or moved while SCIM Console was running, so the change was not saved: it would have been lost when SCIM Console stops. Put the file back, or restart SCIM Console and restore a backup, then try again."
} as const
const diskError = /^The SCIM Console database could not be written \((SQLITE_[A-Z_]+)\), so the change was not saved\. Check the disk, then try again\.$/

/**
 * The facts migration 15 added, of a log row written before it, read out of its error detail as the log's diagnosis read
 * them up to then: the name a 409 found taken and how its holder writes it (core/directory.ts), a 429's Retry-After and
 * budget (scim/server.ts, core/faults.ts: an injected 429 rule answered Retry-After: 60 and its detail is the trainer's),
 * a 5xx of storage, of a stopping server or of a bug (db/storage-errors.ts, scim/server.ts), a 400 body that is not
 * JSON or not UTF-8 and a list parameter (scim/body-encoding.ts, scim/list-params.ts). Frozen with the step; null when it reads none.
 */
export function legacyErrorFactsOfStep15(row: LegacyRow): ErrorFacts | null {
  const { status, detail } = row
  const facts: ErrorFacts = status === 409 ? conflictFacts(detail) : status === 429 ? throttleFacts(row) : status >= 500 ? serverFacts(detail) : status === 400 ? bodyFacts(row) : {}
  return Object.keys(facts).length === 0 ? null : facts
}

function conflictFacts(detail: string): ErrorFacts {
  const wanted = /userName "(.*)" already exists/.exec(detail)?.[1] ?? /group named "(.*)" already exists/.exec(detail)?.[1]
  const heldAs = /It is written "(.*)": /.exec(detail)?.[1]
  return { ...(wanted === undefined ? {} : { wantedName: wanted }), ...(heldAs === undefined ? {} : { heldAs }) }
}

function throttleFacts(row: LegacyRow): ErrorFacts {
  const retryAfter = /Retry after (\d+) seconds?/i.exec(row.detail)?.[1]
  // The tenant's limit said "allows N requests"; an injected throttle "is throttled to N requests".
  const budget = /(?:allows|throttled to) (\d+) requests?\b/i.exec(row.detail)?.[1]
  return {
    ...(retryAfter !== undefined ? { retryAfter: Number(retryAfter) } : row.injected ? { retryAfter: 60 } : {}),
    ...(budget === undefined ? {} : { rateLimit: Number(budget) })
  }
}

function serverFacts(detail: string): ErrorFacts {
  const storage = (Object.keys(storageSentences) as (keyof typeof storageSentences)[]).find((kind) => storageSentences[kind] === detail)
  if (storage) return { storage }
  const code = diskError.exec(detail)?.[1]
  if (code !== undefined) return { storage: 'io', storageCode: code }
  if (/SCIM Console is stopping/.test(detail)) return { stopping: true }
  const errorId = /Internal error ([0-9a-f]+)/i.exec(detail)?.[1]
  return errorId === undefined ? {} : { errorId }
}

function bodyFacts(row: LegacyRow): ErrorFacts {
  if (row.errorType === 'invalidSyntax' && /not valid JSON|cannot be read|not JSON/i.test(row.detail)) return { notJson: true }
  if (row.errorType === 'invalidSyntax' && row.detail.startsWith('The request body is not valid UTF-8')) return { notUtf8: true }
  const parameter = row.hasBody ? undefined : /^(\w+) must\b/.exec(row.detail)?.[1]
  return parameter === undefined ? {} : { parameter }
}
