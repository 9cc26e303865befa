import type { ErrorFacts } from '../../shared/models.ts'

/**
 * The facts of a log row written before migration 14, read out of its error detail, for that migration alone: since
 * then the server keeps them with each row (ScimError.facts), and the diagnosis reads them there, never in the detail.
 * Frozen with the step: it reads the details as SCIM Console wrote them up to then (scim/render.ts staleIfMatch, the
 * directory's 412 of a write, core/directory.ts nestedGroupsSentence and unknownMembersSentence), and no later wording
 * needs it. A detail it cannot read gives null: the diagnosis of that row then says less, never something wrong.
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
  // `"Engineering" (id 6f2d…), "Ops" (id 7a1c…), …`: the first five groups, after the count when there were several.
  const listed = /that (?:is a group|are groups) of this tenant, not (?:a user|users): (.+?)\. SCIM Console does not support nested groups/.exec(detail)?.[1]
  const memberGroups = listed ? [...listed.matchAll(/"(.*?)" \(id ([^)]*)\)/g)].map(([, name = '', id = '']) => ({ id, name })) : []
  const unknownListed = /not (?:a user|users) of this tenant: (.+?)\.(?: |$)/.exec(detail)?.[1]
  const unknownMembers = unknownListed ? unknownListed.split(', ').filter((id) => id !== '…') : []
  if (memberGroups.length === 0 && unknownMembers.length === 0) return null
  const groupCount = Number(/(\d+) members that are groups of this tenant/.exec(detail)?.[1] ?? memberGroups.length)
  const unknownCount = Number(/(\d+) members that are not users of this tenant/.exec(detail)?.[1] ?? unknownMembers.length)
  return {
    ...(memberGroups.length > 0 ? { memberGroups, memberGroupCount: groupCount } : {}),
    ...(unknownMembers.length > 0 ? { unknownMembers, unknownMemberCount: unknownCount } : {})
  }
}
