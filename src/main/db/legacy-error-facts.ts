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
