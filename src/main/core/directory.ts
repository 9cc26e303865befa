import { foldCase } from '../../shared/fold-case'
import { randomUUID } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import { fail, ok, type Result } from '../../shared/result'
import { isUniqueViolation, type DirectoryRepo, type GroupRow, type ListWindow, type UserRow, type UserWithGroupsRow } from '../db/directory-repo'
import type { EventBus } from './events'

export type { ListWindow, SqlCondition } from '../db/directory-repo'

/** A SCIM resource body as stored: plain JSON without id, meta, groups, members or password. */
export type ResourceBody = Readonly<Record<string, unknown>>

/** A reference from a user to a group, or from a group to a member. */
export interface Reference {
  readonly value: string
  readonly display: string
}

export interface StoredUser {
  readonly id: string
  readonly tenantId: string
  readonly resource: ResourceBody
  readonly userName: string
  readonly active: boolean
  readonly version: number
  readonly createdAt: number
  readonly updatedAt: number
  readonly hasPassword: boolean
  readonly groups: readonly Reference[]
}

export interface StoredGroup {
  readonly id: string
  readonly tenantId: string
  readonly resource: ResourceBody
  readonly displayName: string
  readonly version: number
  readonly createdAt: number
  readonly updatedAt: number
  /** Null when the caller asked to leave members out (`excludedAttributes=members`). */
  readonly members: readonly Reference[] | null
}

/** A member as a client names it: the user id, and an optional display that we recompute. */
export interface MemberInput {
  readonly value: string
}

export interface Page<T> {
  readonly items: readonly T[]
  readonly total: number
}

/**
 * A client's If-Match and If-None-Match, checked in the same read as the change (RFC 7232 §3.1, §3.2): `match` lists
 * the versions the change may apply to (several ETags; empty, none), `noneMatch` the versions it may not (`'*'`: any,
 * so no existing resource). Absent, no condition.
 */
export interface ExpectedVersions {
  readonly match?: readonly number[]
  readonly noneMatch?: readonly number[] | '*'
}

/** The 412 of a change whose condition the current version fails, or null when it may go ahead. */
function preconditionFailure<T>(kind: 'user' | 'group', expected: ExpectedVersions | undefined, current: number): Result<T> | null {
  if (expected?.match && !expected.match.includes(current)) {
    // `condition` and `kind` let the SCIM server word this 412 as it words a GET's (scim/render.ts, staleIfMatch).
    return fail('failed_precondition', `The ${kind} has changed since it was read (version ${current}). Read it again and retry.`, {
      version: current,
      kind,
      condition: 'if-match',
      // If-Match named no ETag of this server's at all (an empty list): no version read, so nothing "changed since".
      namedNone: expected.match.length === 0
    })
  }
  const refused = expected?.noneMatch
  if (refused === '*' || refused?.includes(current)) {
    const named = refused === '*' ? 'If-None-Match: * refuses any existing one' : `its version ${current} is one that If-None-Match names`
    return fail('failed_precondition', `The ${kind} was not changed: ${named}.`, { version: current, condition: 'if-none-match' })
  }
  return null
}

export interface DirectoryService {
  createUser(tenantId: string, resource: ResourceBody, password?: string): Result<StoredUser>
  getUser(tenantId: string, id: string): StoredUser | undefined
  findUserByName(tenantId: string, userName: string): StoredUser | undefined
  listUsers(tenantId: string, window: ListWindow): Page<StoredUser>
  /** Replaces a user's body; `expectedVersions` implements If-Match and If-None-Match (see ExpectedVersions). */
  replaceUser(
    tenantId: string,
    id: string,
    resource: ResourceBody,
    options?: { password?: string; expectedVersions?: ExpectedVersions }
  ): Result<{ before: StoredUser; after: StoredUser }>
  /**
   * Replaces a user's body with what `edit` makes of the user, read once: the SCIM server's PUT and PATCH, whose
   * change depends on what is stored. `edit` may throw to refuse the change; nothing is written then.
   * With `keepUnchanged`, an edit that leaves the body as stored and sends no password writes nothing: the user keeps
   * its version and lastModified (a PATCH that changes nothing, RFC 7644 §3.5.2.1, or a PUT of the user as read).
   */
  editUser(
    tenantId: string,
    id: string,
    edit: (current: StoredUser) => { readonly resource: ResourceBody; readonly password?: string },
    options?: { expectedVersions?: ExpectedVersions; keepUnchanged?: boolean }
  ): Result<{ before: StoredUser; after: StoredUser }>
  deleteUser(tenantId: string, id: string, expectedVersions?: ExpectedVersions): Result<StoredUser>

  createGroup(tenantId: string, resource: ResourceBody, members: readonly MemberInput[]): Result<StoredGroup>
  getGroup(tenantId: string, id: string, withMembers?: boolean): StoredGroup | undefined
  listGroups(tenantId: string, window: ListWindow, withMembers?: boolean): Page<StoredGroup>
  /**
   * Replaces a group's body and members. With `keepUnchanged`, a replace that leaves both as stored writes nothing: the
   * group keeps its version and lastModified (a PATCH that changes nothing, RFC 7644 §3.5.2.1, or a PUT of the group as read).
   */
  replaceGroup(
    tenantId: string,
    id: string,
    resource: ResourceBody,
    members: readonly MemberInput[],
    expectedVersions?: ExpectedVersions,
    options?: { keepUnchanged?: boolean }
  ): Result<{ before: StoredGroup; after: StoredGroup }>
  deleteGroup(tenantId: string, id: string, expectedVersions?: ExpectedVersions): Result<StoredGroup>
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null
}

/**
 * A string attribute as the column a filter reads holds it: the value as sent, an empty string too, else NULL. The
 * resource answers `"externalId": ""` as it was sent, so `externalId eq ""` must find it (RFC 7644 §3.4.2.2), and
 * `externalId pr` must not: an empty value is not present.
 */
function filterColumn(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

function primaryEmail(resource: ResourceBody): string | null {
  const emails = Array.isArray(resource.emails) ? (resource.emails as Record<string, unknown>[]) : []
  const primary = emails.find((email) => email.primary === true) ?? emails[0]
  return text(primary?.value)
}

/**
 * For a 409 whose clash differs from the name sent only in case, how the existing one is written: the admin who
 * reads Okta's error sees why "Jane.Doe@…" collides with "jane.doe@…".
 */
function spelling(existing: string | undefined, wanted: string, names: string): string {
  if (existing === undefined || existing === wanted) return ''
  if (existing.normalize('NFC') === wanted.normalize('NFC')) {
    return ` It has the same letters, encoded another way (Unicode writes an accented letter as one character or two): ${names} that look alike are the same here.`
  }
  const how = existing.toLowerCase() === wanted.toLowerCase() ? 'in case' : 'in case or in how their accents are encoded'
  return ` It is written "${existing}": ${names} that differ only ${how} are the same here.`
}

/**
 * What a group write names that is not a user of the tenant, without what to do about it: the SCIM server adds the
 * way out in the words of the client's admin (scim/groups.ts); the failure's own message adds Okta's.
 */
export function unknownMembersSentence(unknown: readonly string[]): string {
  const named = `${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}`
  return `The group names ${unknown.length === 1 ? 'a member that is not a user' : `${unknown.length} members that are not users`} of this tenant: ${named}.`
}

/**
 * A group write that names groups of the tenant as members. Members here are users only: say which groups, that
 * nesting is not supported, and what to send instead.
 */
export function nestedGroupsSentence(groups: readonly { id: string; name: string }[]): string {
  const named = `${groups
    .slice(0, 5)
    .map((group) => `"${group.name}" (id ${group.id})`)
    .join(', ')}${groups.length > 5 ? ', …' : ''}`
  const what = groups.length === 1 ? `a member that is a group of this tenant, not a user: ${named}` : `${groups.length} members that are groups of this tenant, not users: ${named}`
  return `The group names ${what}. SCIM Console does not support nested groups: a group's members must be users. Send the ids of the users in ${groups.length === 1 ? 'that group' : 'those groups'} as members instead.`
}

/** Users and groups of each tenant, as the SCIM server and the console see them. */
export function createDirectoryService(deps: { directory: DirectoryRepo; events: EventBus; now: () => number }): DirectoryService {
  const { directory, events, now } = deps

  /**
   * A user row keeps of a password Okta or Entra sent only that one was sent (`passwordSent`), nothing derived from it.
   * The console never signs anyone in, so a hash would serve nothing, and a copy of the file (a backup sent to Support)
   * would still let a weak password be found by trying; no hash also keeps a create from hashing at all.
   */
  function userRow(base: { id: string; tenantId: string; createdAt: number; updatedAt: number; version: number }, resource: ResourceBody, passwordSent: boolean): UserRow {
    const userName = String(resource.userName)
    return {
      id: base.id,
      tenant_id: base.tenantId,
      user_name: userName,
      user_name_key: foldCase(userName),
      external_id: filterColumn(resource.externalId),
      active: resource.active === false ? 0 : 1,
      primary_email: primaryEmail(resource),
      display_name: filterColumn(resource.displayName),
      resource: JSON.stringify(resource),
      passwordSent,
      version: base.version,
      created_at: base.createdAt,
      updated_at: base.updatedAt
    }
  }

  function toUser(row: UserRow, groups: readonly Reference[]): StoredUser {
    return {
      id: row.id,
      tenantId: row.tenant_id,
      resource: JSON.parse(row.resource) as ResourceBody,
      userName: row.user_name,
      active: row.active === 1,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      hasPassword: row.passwordSent,
      groups
    }
  }

  function toUserWithGroups(row: UserWithGroupsRow): StoredUser {
    const groups = (JSON.parse(row.groups_json) as [string, string][]).map(([value, display]) => ({ value, display }))
    return toUser(row, groups)
  }

  function toUsers(rows: readonly UserRow[]): StoredUser[] {
    const groups = new Map<string, Reference[]>()
    if (rows.length > 0) {
      for (const row of directory.groupsOfUsers(rows.map((user) => user.id))) {
        const list = groups.get(row.user_id) ?? []
        list.push({ value: row.id, display: row.display_name })
        groups.set(row.user_id, list)
      }
    }
    return rows.map((row) => toUser(row, groups.get(row.id) ?? []))
  }

  function toGroups(rows: readonly GroupRow[], withMembers: boolean): StoredGroup[] {
    const members = new Map<string, Reference[]>()
    if (withMembers && rows.length > 0) {
      for (const row of directory.membersOf(rows.map((group) => group.id))) {
        const list = members.get(row.group_id) ?? []
        list.push({ value: row.user_id, display: row.user_name })
        members.set(row.group_id, list)
      }
    }
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      resource: JSON.parse(row.resource) as ResourceBody,
      displayName: row.display_name,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      members: withMembers ? (members.get(row.id) ?? []) : null
    }))
  }

  function userConflict<T>(tenantId: string, userName: string): Result<T> {
    const holder = directory.userByName(tenantId, foldCase(userName))
    const detail = `A user with the userName "${userName}" already exists${holder?.active === 0 ? ' (deactivated)' : ''}.${spelling(holder?.user_name, userName, 'userNames')}`
    return fail('conflict', detail, {
      attribute: 'userName',
      name: userName,
      heldAs: holder?.user_name,
      existingId: holder?.id,
      existingActive: holder ? holder.active === 1 : undefined
    })
  }

  function groupConflict<T>(tenantId: string, displayName: string): Result<T> {
    const holder = directory.groupByName(tenantId, foldCase(displayName))
    return fail('conflict', `A group named "${displayName}" already exists.${spelling(holder?.display_name, displayName, 'group names')}`, {
      attribute: 'displayName',
      name: displayName,
      heldAs: holder?.display_name
    })
  }

  function checkMembers(tenantId: string, members: readonly MemberInput[]): Result<readonly string[]> {
    const ids = [...new Set(members.map((member) => member.value))]
    const existing = directory.existingUserIds(tenantId, ids)
    const unknown = ids.filter((id) => !existing.has(id))
    // A group's id sent as a member is no stale link to a deleted user: "push the user first" would send the admin
    // looking for a user that never was. Asked only once a write is refused, so a valid write costs nothing more.
    const groups = unknown.length > 0 ? directory.groupsAmong(tenantId, unknown) : []
    const groupIds = new Set(groups.map((group) => group.id))
    // The ids that are neither users nor groups: named too, after the groups, so that one answer says all that is wrong.
    const neither = unknown.filter((id) => !groupIds.has(id))
    const memberGroups = groups.map((group) => ({ id: group.id, name: group.display_name }))
    const nested = groups.length > 0 ? nestedGroupsSentence(memberGroups) : null
    if (nested !== null && neither.length === 0) return fail('invalid_argument', nested, { attribute: 'members', groups: [...groupIds], memberGroups })
    if (neither.length > 0) {
      return fail(
        'invalid_argument',
        `${nested === null ? '' : `${nested} `}${unknownMembersSentence(neither)} Push the user first, then the group.`,
        { attribute: 'members', unknown: neither, ...(nested === null ? {} : { groups: [...groupIds], nested, memberGroups }) }
      )
    }
    return ok(ids)
  }

  // Okta can write hundreds of users a second; the console needs to hear about it a few times a second, not per write.
  const changedTenants = new Set<string>()
  let changeTimer: NodeJS.Timeout | null = null
  function changed(tenantId: string): void {
    changedTenants.add(tenantId)
    if (changeTimer) return
    changeTimer = setTimeout(() => {
      changeTimer = null
      const tenants = [...changedTenants]
      changedTenants.clear()
      for (const id of tenants) events.emit('directory:changed', { tenantId: id })
    }, 100)
    changeTimer.unref()
  }

  const service: DirectoryService = {
    createUser(tenantId, resource, password) {
      // One reading of the clock: a new user's lastModified is its created (RFC 7643 §3.1).
      const createdAt = now()
      const row = userRow({ id: randomUUID(), tenantId, createdAt, updatedAt: createdAt, version: 1 }, resource, Boolean(password))
      try {
        directory.insertUser(row)
      } catch (error) {
        if (isUniqueViolation(error)) return userConflict(tenantId, row.user_name)
        throw error
      }
      changed(tenantId)
      // A user this moment old is in no group: no need to ask.
      return ok(toUser(row, []))
    },

    getUser(tenantId, id) {
      const row = directory.userById(tenantId, id)
      return row ? toUserWithGroups(row) : undefined
    },

    findUserByName(tenantId, userName) {
      const row = directory.userByName(tenantId, foldCase(userName))
      return row ? toUsers([row])[0] : undefined
    },

    listUsers(tenantId, window) {
      const { rows, total } = directory.listUsers(tenantId, window)
      return { items: toUsers(rows), total }
    },

    replaceUser(tenantId, id, resource, options = {}) {
      return this.editUser(tenantId, id, () => ({ resource, password: options.password }), options)
    },

    editUser(tenantId, id, edit, options = {}) {
      const current = directory.userById(tenantId, id)
      if (!current) return fail('not_found', `No user has the id "${id}" in this tenant.`, { id })
      const refused = preconditionFailure<{ before: StoredUser; after: StoredUser }>('user', options.expectedVersions, current.version)
      if (refused) return refused
      const before = toUserWithGroups(current)
      const { resource, password } = edit(before)
      const passwordSent = Boolean(password) || current.passwordSent
      const row = userRow({ id, tenantId, createdAt: current.created_at, updatedAt: now(), version: current.version + 1 }, resource, passwordSent)
      // Compared as JSON values: a stored body's keys may be in another order (a create puts a defaulted `active` last).
      // Equal bodies have texts of one length, so a change of length (a deactivation: true to false) skips the parse.
      if (options.keepUnchanged && password === undefined && row.resource.length === current.resource.length && isDeepStrictEqual(JSON.parse(row.resource), before.resource)) {
        return ok({ before, after: before })
      }
      // Groups show each member's userName as `display`, so a rename changes every group of the user too.
      const touchedGroups = row.user_name !== current.user_name ? before.groups : []
      const write = (): Result<{ before: StoredUser; after: StoredUser }> => {
        try {
          directory.updateUser(row, current)
        } catch (error) {
          if (isUniqueViolation(error)) return userConflict(tenantId, row.user_name)
          throw error
        }
        for (const group of touchedGroups) directory.touchGroup(group.value, row.updated_at)
        // A change of the user's body leaves its groups as they were.
        return ok({ before, after: toUser(row, before.groups) })
      }
      // One UPDATE is atomic by itself; a transaction (a savepoint, inside the server's group commit) only when the
      // groups change with it.
      const result = touchedGroups.length > 0 ? directory.transaction(write) : write()
      if (result.ok) changed(tenantId)
      return result
    },

    deleteUser(tenantId, id, expectedVersions) {
      const current = directory.userById(tenantId, id)
      if (!current) return fail('not_found', `No user has the id "${id}" in this tenant.`, { id })
      const refused = preconditionFailure<StoredUser>('user', expectedVersions, current.version)
      if (refused) return refused
      const user = toUserWithGroups(current)
      const at = now()
      // The user leaves its groups with it, so each of those groups changes: new version and lastModified (RFC 7644 §3.14).
      directory.transaction(() => {
        directory.deleteUser(tenantId, id)
        for (const group of user.groups) directory.touchGroup(group.value, at)
      })
      changed(tenantId)
      return ok(user)
    },

    createGroup(tenantId, resource, members) {
      const createdAt = now()
      const displayName = String(resource.displayName)
      const row: GroupRow = {
        id: randomUUID(),
        tenant_id: tenantId,
        display_name: displayName,
        display_name_key: foldCase(displayName),
        external_id: filterColumn(resource.externalId),
        resource: JSON.stringify(resource),
        version: 1,
        created_at: createdAt,
        updated_at: createdAt
      }
      const result = directory.transaction((): Result<StoredGroup> => {
        const checked = checkMembers(tenantId, members)
        if (!checked.ok) return checked as Result<StoredGroup>
        try {
          directory.insertGroup(row)
        } catch (error) {
          if (isUniqueViolation(error)) {
            return groupConflict(tenantId, displayName)
          }
          throw error
        }
        for (const userId of checked.value) {
          directory.addMember(row.id, userId, createdAt)
          // The member's readOnly `groups` changed, so the user did too (RFC 7644 §3.14: a new version).
          directory.touchUser(userId, createdAt)
        }
        return ok(toGroups([row], true)[0] as StoredGroup)
      })
      if (result.ok) changed(tenantId)
      return result
    },

    getGroup(tenantId, id, withMembers = true) {
      const row = directory.groupById(tenantId, id)
      return row ? toGroups([row], withMembers)[0] : undefined
    },

    listGroups(tenantId, window, withMembers = true) {
      const { rows, total } = directory.listGroups(tenantId, window)
      return { items: toGroups(rows, withMembers), total }
    },

    replaceGroup(tenantId, id, resource, members, expectedVersions, options = {}) {
      const result = directory.transaction((): Result<{ before: StoredGroup; after: StoredGroup }> => {
        const current = directory.groupById(tenantId, id)
        if (!current) return fail('not_found', `No group has the id "${id}" in this tenant.`, { id })
        const refused = preconditionFailure<{ before: StoredGroup; after: StoredGroup }>('group', expectedVersions, current.version)
        if (refused) return refused
        const checked = checkMembers(tenantId, members)
        if (!checked.ok) return checked as Result<{ before: StoredGroup; after: StoredGroup }>
        const [before] = toGroups([current], true) as [StoredGroup]
        const had = new Set((before.members ?? []).map((member) => member.value))
        const wanted = new Set(checked.value)
        // A PATCH that changes nothing leaves the group's version and lastModified as they were (RFC 7644 §3.5.2.1).
        const sameMembers = had.size === wanted.size && [...wanted].every((userId) => had.has(userId))
        if (options.keepUnchanged && sameMembers && isDeepStrictEqual(JSON.parse(JSON.stringify(resource)), before.resource)) return ok({ before, after: before })
        const displayName = String(resource.displayName)
        const at = now()
        const row: GroupRow = {
          ...current,
          display_name: displayName,
          display_name_key: foldCase(displayName),
          external_id: filterColumn(resource.externalId),
          resource: JSON.stringify(resource),
          version: current.version + 1,
          updated_at: at
        }
        try {
          directory.updateGroup(row)
        } catch (error) {
          if (isUniqueViolation(error)) {
            return groupConflict(tenantId, displayName)
          }
          throw error
        }
        for (const userId of had) if (!wanted.has(userId)) directory.removeMember(id, userId)
        for (const userId of checked.value) if (!had.has(userId)) directory.addMember(id, userId, at)
        // Users who joined or left changed (their `groups`); after a rename, so did every member (`groups[].display`).
        const renamed = displayName !== current.display_name
        for (const userId of new Set([...had, ...wanted])) {
          if (renamed || had.has(userId) !== wanted.has(userId)) directory.touchUser(userId, at)
        }
        return ok({ before, after: toGroups([row], true)[0] as StoredGroup })
      })
      if (result.ok) changed(tenantId)
      return result
    },

    deleteGroup(tenantId, id, expectedVersions) {
      const current = directory.groupById(tenantId, id)
      if (!current) return fail('not_found', `No group has the id "${id}" in this tenant.`, { id })
      const refused = preconditionFailure<StoredGroup>('group', expectedVersions, current.version)
      if (refused) return refused
      const [group] = toGroups([current], true)
      const at = now()
      // Its members leave it, so each member's `groups` changes: new version and lastModified (RFC 7644 §3.14).
      directory.transaction(() => {
        directory.deleteGroup(tenantId, id)
        for (const member of group?.members ?? []) directory.touchUser(member.value, at)
      })
      changed(tenantId)
      return ok({ ...(group as StoredGroup), members: null })
    }
  }
  return service
}
