import { quoted } from '../../shared/quoted'
import { klona } from 'klona/json'
import type { DirectoryQuery } from '../../shared/ipc'
import {
  consoleClientName,
  type DirectoryGroup,
  type DirectoryGroupDetail,
  type DirectoryUser,
  type DirectoryUserDetail,
  type GroupDraft,
  type LogEntrySummary,
  type Operation,
  type Page,
  type Tenant,
  type UserDraft
} from '../../shared/models'
import { foldCase } from '../../shared/fold-case'
import { fail, ok, type Result } from '../../shared/result'
import { invisibleCharacterProblem } from '../../shared/unseen-characters'
import { afterSeqCondition, groupSearchCondition, userSearchCondition, type ConsoleDirectoryRepo } from '../db/console-directory-repo'
import type { ListWindow, SqlCondition } from '../db/directory-repo'
import { ScimError } from '../scim/errors'
import { classifyUserWrite } from '../scim/operation'
import { patchOpSchemaUrn } from '../scim/patch'
import { redactJson, redactResponse, redactTokens } from '../scim/redact'
import { renderGroup, renderUser } from '../scim/render'
import { normalizeGroup, normalizeUser } from '../scim/resources'
import { groupSchemaUrn, userSchemaUrn } from '../scim/schema-definitions'
import type { DirectoryService, ResourceBody, StoredGroup, StoredUser } from './directory'
import type { ProvisioningLog } from './provisioning-log'
import { tenantBaseUrl } from './setup-guide'
import type { TenantService } from './tenants'

const defaultPageSize = 50
const maxPageSize = 500
const historyLimit = 100

type Json = Record<string, unknown>

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/** The user's primary email, else its first email. */
function emailOf(resource: ResourceBody): string | null {
  const emails = Array.isArray(resource.emails) ? resource.emails.filter(isRecord) : []
  return text((emails.find((email) => email.primary === true) ?? emails[0])?.value)
}

/**
 * A page cursor: the list position after the row with this `seq`. Opaque to the renderer, which only hands it back;
 * encoded so that it can carry a sort key as well should the console ever sort by something else.
 */
export function encodeCursor(afterSeq: number): string {
  return Buffer.from(JSON.stringify({ after: afterSeq })).toString('base64url')
}

/** The `seq` a cursor points after, or null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    const after = isRecord(parsed) ? parsed.after : undefined
    return typeof after === 'number' && Number.isSafeInteger(after) && after >= 0 ? after : null
  } catch {
    return null
  }
}

/** A stored user as the console's table lists it. */
export function toDirectoryUser(user: StoredUser): DirectoryUser {
  const name = isRecord(user.resource.name) ? user.resource.name : {}
  return {
    id: user.id,
    tenantId: user.tenantId,
    userName: user.userName,
    displayName: text(user.resource.displayName),
    givenName: text(name.givenName),
    familyName: text(name.familyName),
    email: emailOf(user.resource),
    externalId: text(user.resource.externalId),
    active: user.active,
    groupCount: user.groups.length,
    createdAt: iso(user.createdAt),
    updatedAt: iso(user.updatedAt)
  }
}

/** A stored group as the console's table lists it. */
export function toDirectoryGroup(group: StoredGroup, memberCount: number): DirectoryGroup {
  return {
    id: group.id,
    tenantId: group.tenantId,
    displayName: group.displayName,
    externalId: text(group.resource.externalId),
    memberCount,
    createdAt: iso(group.createdAt),
    updatedAt: iso(group.updatedAt)
  }
}

// In a draft, undefined keeps what is stored and an empty string clears it (the form sends every field it shows).
function apply(target: Json, key: string, value: string | undefined): void {
  if (value === undefined) return
  const trimmed = value.trim()
  if (trimmed) target[key] = trimmed
  else delete target[key]
}

/** A name typed into a console form: the words its refusal starts with, its form field, and the values it may keep. */
interface TypedName {
  readonly subject: string
  readonly field: string
  readonly typed: string | undefined
  /** What the user or group has now: a value kept as it is was accepted before, from Okta or an earlier form. */
  readonly kept: readonly unknown[]
}

/** The refusal of the first typed name with a character that is not drawn (shared/unseen-characters.ts), or null. */
function typedNamesProblem(names: readonly TypedName[]): Result<never> | null {
  for (const { subject, field, typed, kept } of names) {
    const value = typed?.trim()
    if (!value || kept.includes(value)) continue
    const problem = invisibleCharacterProblem(value, subject)
    if (problem) return fail('invalid_argument', problem, { field })
  }
  return null
}

/** The names of a user form, each with what the user has now (nothing for a new user). */
function userNames(draft: UserDraft, current?: ResourceBody): TypedName[] {
  const name = isRecord(current?.name) ? current.name : {}
  const emails = Array.isArray(current?.emails) ? current.emails.filter(isRecord).map((entry) => entry.value) : []
  return [
    { subject: 'The userName', field: 'userName', typed: draft.userName, kept: [current?.userName] },
    { subject: 'The given name', field: 'givenName', typed: draft.givenName, kept: [name.givenName] },
    { subject: 'The family name', field: 'familyName', typed: draft.familyName, kept: [name.familyName] },
    { subject: 'The display name', field: 'displayName', typed: draft.displayName, kept: [current?.displayName] },
    { subject: 'The email', field: 'email', typed: draft.email, kept: emails }
  ]
}

/** The name of a group form, with the group's name now (none for a new group). */
function groupNames(draft: GroupDraft, current?: string): TypedName[] {
  return [{ subject: 'The group name', field: 'displayName', typed: draft.displayName, kept: [current] }]
}

/**
 * The SCIM User body a console form describes, laid over the stored body so that attributes the form does not show
 * (locale, phone numbers, the enterprise extension…) survive an edit. The result still goes through normalizeUser.
 */
export function userBodyFromDraft(draft: UserDraft, current?: ResourceBody, currentActive?: boolean): Json {
  const body: Json = current ? klona({ ...current }) : { schemas: [userSchemaUrn] }
  body.userName = draft.userName.trim()
  const name: Json = isRecord(body.name) ? { ...body.name } : {}
  apply(name, 'givenName', draft.givenName)
  apply(name, 'familyName', draft.familyName)
  // `formatted` would go stale once the parts change.
  if (draft.givenName !== undefined || draft.familyName !== undefined) delete name.formatted
  if (Object.keys(name).length > 0) body.name = name
  else delete body.name
  apply(body, 'displayName', draft.displayName)
  apply(body, 'externalId', draft.externalId)
  if (draft.email !== undefined) {
    const email = draft.email.trim()
    const emails = Array.isArray(body.emails) ? body.emails.filter(isRecord).map((entry) => ({ ...entry })) : []
    // The form edits the primary email, else the first one.
    let index = emails.findIndex((entry) => entry.primary === true)
    if (index === -1 && emails.length > 0) index = 0
    if (!email) {
      if (index >= 0) emails.splice(index, 1)
    } else if (index >= 0) {
      emails[index] = { ...emails[index], value: email, primary: true }
      delete emails[index]?.display
    } else {
      // Okta's shape: the work email, primary.
      emails.unshift({ value: email, type: 'work', primary: true })
    }
    if (emails.length > 0) body.emails = emails
    else delete body.emails
  }
  body.active = draft.active ?? currentActive ?? true
  return body
}

/** The SCIM Group body a console form describes; members are user ids. */
export function groupBodyFromDraft(draft: GroupDraft, current?: ResourceBody, currentMembers?: readonly string[]): Json {
  const body: Json = current ? klona({ ...current }) : { schemas: [groupSchemaUrn] }
  body.displayName = draft.displayName.trim()
  apply(body, 'externalId', draft.externalId)
  body.members = (draft.memberIds ?? currentMembers ?? []).map((value) => ({ value }))
  return body
}

/**
 * The console's own view of a tenant's directory: search, detail with history, and edits that store what SCIM would.
 * Each edit that succeeds is logged as the SCIM request it equals, with SCIM Console as its client (`recordChange`), so
 * that the history, the log and the diagnosis of a later 404 know who changed a user or group, and when. `origin` is
 * where identity providers reach the SCIM server, for `meta.location` and `$ref` in what is shown and logged: the front
 * door knows it, the services do not.
 */
export interface ConsoleDirectory {
  users(query: DirectoryQuery): Result<Page<DirectoryUser>>
  /** A user with the SCIM JSON a client would GET, its groups, and its log history, newest first. */
  user(tenant: string, id: string, origin: string): Result<DirectoryUserDetail>
  createUser(tenant: string, draft: UserDraft, origin: string): Result<DirectoryUser>
  updateUser(tenant: string, id: string, draft: UserDraft, origin: string): Result<DirectoryUser>
  setUserActive(tenant: string, id: string, active: boolean, origin: string): Result<DirectoryUser>
  deleteUser(tenant: string, id: string): Result<{ readonly id: string }>
  groups(query: DirectoryQuery): Result<Page<DirectoryGroup>>
  /** A group with the SCIM JSON, its members and their status, and its log history, newest first. */
  group(tenant: string, id: string, origin: string): Result<DirectoryGroupDetail>
  createGroup(tenant: string, draft: GroupDraft, origin: string): Result<DirectoryGroup>
  updateGroup(tenant: string, id: string, draft: GroupDraft, origin: string): Result<DirectoryGroup>
  deleteGroup(tenant: string, id: string): Result<{ readonly id: string }>
}

/** A console edit as the SCIM request it equals, for the provisioning log. */
interface ConsoleChange {
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** The path after the tenant's base path: `/Users`, `/Groups/<id>`. */
  readonly path: string
  readonly status: 200 | 201 | 204
  readonly operation: Operation
  readonly target: { readonly type: 'user' | 'group'; readonly id: string; readonly name: string }
  /** What was written, as the SCIM body that writes it; null for a DELETE. */
  readonly body: Json | null
  /** The resource as the SCIM server renders it after the write; null for a DELETE, which answers 204. */
  readonly resource: Json | null
  /** When the edit started (performance.now()), for the entry's duration. */
  readonly startedAt: number
}

/** Where a user or group is under the tenant's base path. */
function resourcePath(type: 'user' | 'group', id?: string): string {
  return `/${type === 'user' ? 'Users' : 'Groups'}${id === undefined ? '' : `/${encodeURIComponent(id)}`}`
}

/** Creates the console directory over the SCIM server's directory, the log, and the console's own few queries. */
export function createConsoleDirectory(deps: {
  tenants: Pick<TenantService, 'find'>
  directory: DirectoryService
  log: Pick<ProvisioningLog, 'list' | 'append'>
  repo: ConsoleDirectoryRepo
  now?: () => number
}): ConsoleDirectory {
  const { tenants, directory, log, repo } = deps
  const now = deps.now ?? Date.now

  function withTenant<T>(tenant: string, run: (found: Tenant) => Result<T>): Result<T> {
    const found = tenants.find(tenant)
    if (!found) return fail('not_found', `No tenant has the id or slug ${quoted(tenant)}.`, { tenant })
    try {
      return run(found)
    } catch (error) {
      // normalizeUser and normalizeGroup speak SCIM; the console gets the same sentence as a form error.
      if (error instanceof ScimError) return fail('invalid_argument', error.detail)
      throw error
    }
  }

  function window(query: DirectoryQuery): Result<{ afterSeq: number | null; limit: number }> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? defaultPageSize), 1), maxPageSize)
    const afterSeq = query.cursor === undefined ? null : decodeCursor(query.cursor)
    if (afterSeq === null && query.cursor !== undefined) {
      return fail('invalid_argument', 'The list could not be continued: its page marker is not valid. Reload the list.', { cursor: query.cursor })
    }
    return ok({ afterSeq, limit })
  }

  /**
   * One page in insertion order, starting after the cursor's row. `list` counts the rows after the cursor; the total
   * the table shows counts them all. Read from one snapshot, so that the cursor's row is still there to be found.
   */
  function keysetPage<T extends { readonly id: string }>(
    list: (window: ListWindow) => { readonly items: readonly T[]; readonly total: number },
    alias: 'u' | 'g',
    search: SqlCondition | undefined,
    paging: { afterSeq: number | null; limit: number },
    seqOf: (id: string) => number | undefined
  ): { items: readonly T[]; total: number; nextCursor: string | null } {
    return repo.snapshot(() => {
      const page = list({ where: afterSeqCondition(alias, search, paging.afterSeq), offset: 0, limit: paging.limit })
      const total = paging.afterSeq === null ? page.total : list({ where: search, offset: 0, limit: 0 }).total
      const last = page.items.at(-1)
      const lastSeq = last && page.total > page.items.length ? seqOf(last.id) : undefined
      return { items: page.items, total, nextCursor: lastSeq === undefined ? null : encodeCursor(lastSeq) }
    })
  }

  function userNotFound<T>(id: string): Result<T> {
    return fail('not_found', `No user has the id ${quoted(id)} in this tenant.`, { id })
  }

  function groupNotFound<T>(id: string): Result<T> {
    return fail('not_found', `No group has the id ${quoted(id)} in this tenant.`, { id })
  }

  /**
   * Requests about a target: by id, and by name for the lookups Okta makes before the target has an id. What is still
   * queued is not read here: the IPC handlers wait for it first (ProvisioningLog.whenWritten) without holding the server.
   */
  function history(tenantId: string, id: string, name: string): LogEntrySummary[] {
    const byId = new Map<number, LogEntrySummary>()
    for (const target of [id, name]) {
      const page = log.list({ tenantId, target, limit: historyLimit })
      if (!page.ok) continue
      for (const entry of page.value.items) {
        // The log's target search matches the start of a name; keep the requests about this one, by its name folded as
        // the server compares userNames (a lookup of "ZOE\u0308@…" found "zoë@…").
        if (entry.targetId === id || (entry.targetId === null && entry.targetName !== null && foldCase(entry.targetName) === foldCase(name))) {
          byId.set(entry.id, entry)
        }
      }
    }
    return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, historyLimit)
  }

  /**
   * Logs a console edit that succeeded through the log's own append path, redacted as the SCIM server redacts a
   * request (a password, a token pasted into a field). No token and no headers: no request was made.
   */
  function recordChange(tenant: Tenant, change: ConsoleChange): void {
    log.append({
      at: now(),
      tenant_id: tenant.id,
      tenant_slug: tenant.slug,
      token_id: null,
      method: change.method,
      path: `${tenant.scimPath}${change.path}`,
      status: change.status,
      duration_ms: Math.round((performance.now() - change.startedAt) * 100) / 100,
      client: consoleClientName,
      operation: change.operation,
      target_type: change.target.type,
      target_id: redactTokens(change.target.id),
      target_name: redactTokens(change.target.name),
      auth_scheme: 'console',
      request_headers: '{}',
      request_body: change.body === null ? null : redactJson(change.body),
      response_body: change.resource === null ? null : redactResponse(JSON.stringify(change.resource)),
      error_type: null,
      error_detail: null,
      error_facts: null,
      injected: 0
    })
  }

  /**
   * Creates a user, or replaces the `current` one (PUT); logged as a PATCH of `active` when `patch` is that body
   * (Deactivate and Reactivate), since that is how Okta's catalog app sends them.
   */
  function storeUser(tenant: Tenant, origin: string, body: Json, current?: StoredUser, patch?: Json): Result<DirectoryUser> {
    const startedAt = performance.now()
    const { resource, password } = normalizeUser(body, current ? 'replace' : 'create', current?.resource)
    const stored = resource as unknown as ResourceBody
    const written = current ? directory.replaceUser(tenant.id, current.id, stored, { password }) : directory.createUser(tenant.id, stored, password)
    if (!written.ok) return written as Result<never>
    const user = 'after' in written.value ? written.value.after : written.value
    recordChange(tenant, {
      method: current ? (patch ? 'PATCH' : 'PUT') : 'POST',
      path: resourcePath('user', current?.id),
      status: current ? 200 : 201,
      operation: current ? classifyUserWrite(current.active, user.active, patch ? 'active' : null) : 'create-user',
      target: { type: 'user', id: user.id, name: user.userName },
      body: patch ?? body,
      resource: renderUser(user, tenantBaseUrl(origin, tenant)),
      startedAt
    })
    return ok(toDirectoryUser(user))
  }

  function storeGroup(tenant: Tenant, origin: string, body: Json, id?: string): Result<DirectoryGroup> {
    const startedAt = performance.now()
    const { members, ...resource } = normalizeGroup(body, id ? 'replace' : 'create')
    const written = id
      ? directory.replaceGroup(tenant.id, id, resource, members)
      : directory.createGroup(tenant.id, resource, members)
    if (!written.ok) return written as Result<never>
    const group = 'after' in written.value ? written.value.after : written.value
    recordChange(tenant, {
      method: id ? 'PUT' : 'POST',
      path: resourcePath('group', id),
      status: id ? 200 : 201,
      operation: id ? 'group-push-update' : 'group-push-create',
      target: { type: 'group', id: group.id, name: group.displayName },
      body,
      resource: renderGroup(group, tenantBaseUrl(origin, tenant)),
      startedAt
    })
    return ok(toDirectoryGroup(group, group.members?.length ?? 0))
  }

  /** Logs a DELETE that succeeded: 204, no bodies, the target by the name it had. */
  function recordDelete(tenant: Tenant, type: 'user' | 'group', id: string, name: string, startedAt: number): void {
    recordChange(tenant, {
      method: 'DELETE',
      path: resourcePath(type, id),
      status: 204,
      operation: type === 'user' ? 'delete-user' : 'group-push-delete',
      target: { type, id, name },
      body: null,
      resource: null,
      startedAt
    })
  }

  return {
    users(query) {
      return withTenant(query.tenant, (tenant) => {
        const paging = window(query)
        if (!paging.ok) return paging as Result<never>
        const search = userSearchCondition(query.search, query.status)
        const page = keysetPage((range) => directory.listUsers(tenant.id, range), 'u', search, paging.value, repo.userSeq)
        return ok({ ...page, items: page.items.map(toDirectoryUser) })
      })
    },

    user(tenant, id, origin) {
      return withTenant(tenant, (found) => {
        const user = directory.getUser(found.id, id)
        if (!user) return userNotFound(id)
        return ok({
          ...toDirectoryUser(user),
          scim: renderUser(user, tenantBaseUrl(origin, found)),
          groups: user.groups.map((group) => ({ id: group.value, displayName: group.display })),
          history: history(found.id, user.id, user.userName)
        })
      })
    },

    createUser(tenant, draft, origin) {
      return withTenant(tenant, (found) => typedNamesProblem(userNames(draft)) ?? storeUser(found, origin, userBodyFromDraft(draft)))
    },

    updateUser(tenant, id, draft, origin) {
      return withTenant(tenant, (found) => {
        const current = directory.getUser(found.id, id)
        if (!current) return userNotFound(id)
        const problem = typedNamesProblem(userNames(draft, current.resource))
        if (problem) return problem
        return storeUser(found, origin, userBodyFromDraft(draft, current.resource, current.active), current)
      })
    },

    setUserActive(tenant, id, active, origin) {
      return withTenant(tenant, (found) => {
        const current = directory.getUser(found.id, id)
        if (!current) return userNotFound(id)
        const patch = { schemas: [patchOpSchemaUrn], Operations: [{ op: 'replace', path: 'active', value: active }] }
        return storeUser(found, origin, { ...current.resource, active }, current, patch)
      })
    },

    deleteUser(tenant, id) {
      return withTenant(tenant, (found) => {
        const startedAt = performance.now()
        const deleted = directory.deleteUser(found.id, id)
        if (!deleted.ok) return deleted as Result<never>
        recordDelete(found, 'user', deleted.value.id, deleted.value.userName, startedAt)
        return ok({ id })
      })
    },

    groups(query) {
      return withTenant(query.tenant, (tenant) => {
        const paging = window(query)
        if (!paging.ok) return paging as Result<never>
        const search = groupSearchCondition(query.search)
        const page = keysetPage((range) => directory.listGroups(tenant.id, range, false), 'g', search, paging.value, repo.groupSeq)
        const counts = repo.memberCounts(page.items.map((group) => group.id))
        return ok({ ...page, items: page.items.map((group) => toDirectoryGroup(group, counts.get(group.id) ?? 0)) })
      })
    },

    group(tenant, id, origin) {
      return withTenant(tenant, (found) => {
        const group = directory.getGroup(found.id, id, true)
        if (!group) return groupNotFound(id)
        return ok({
          ...toDirectoryGroup(group, group.members?.length ?? 0),
          scim: renderGroup(group, tenantBaseUrl(origin, found)),
          members: repo.members(group.id).map((member) => ({ id: member.id, userName: member.user_name, active: member.active === 1 })),
          history: history(found.id, group.id, group.displayName)
        })
      })
    },

    createGroup(tenant, draft, origin) {
      return withTenant(tenant, (found) => typedNamesProblem(groupNames(draft)) ?? storeGroup(found, origin, groupBodyFromDraft(draft)))
    },

    updateGroup(tenant, id, draft, origin) {
      return withTenant(tenant, (found) => {
        const current = directory.getGroup(found.id, id, true)
        if (!current) return groupNotFound(id)
        const problem = typedNamesProblem(groupNames(draft, current.displayName))
        if (problem) return problem
        const members = (current.members ?? []).map((member) => member.value)
        return storeGroup(found, origin, groupBodyFromDraft(draft, current.resource, members), id)
      })
    },

    deleteGroup(tenant, id) {
      return withTenant(tenant, (found) => {
        const startedAt = performance.now()
        const deleted = directory.deleteGroup(found.id, id)
        if (!deleted.ok) return deleted as Result<never>
        recordDelete(found, 'group', deleted.value.id, deleted.value.displayName, startedAt)
        return ok({ id })
      })
    }
  }
}
