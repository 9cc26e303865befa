import { z } from 'zod'
import type { HandlerDeps } from './handlers'
import { handle, type HandlerMap } from './define'
import { scimOrigin } from './setup-handlers'

const tenantRef = z.string().trim().min(1).max(200)
const id = z.string().min(1).max(200)
const field = z.string().max(500).optional()

const query = z
  .object({
    tenant: tenantRef,
    search: z.string().max(200).optional(),
    status: z.enum(['all', 'active', 'inactive']).optional(),
    limit: z.number().int().min(1).max(500).optional(),
    cursor: z.string().max(40).optional()
  })
  .strict()

const userDraft = z
  .object({
    userName: z.string().max(500),
    givenName: field,
    familyName: field,
    email: field,
    displayName: field,
    externalId: field,
    active: z.boolean().optional()
  })
  .strict()

const groupDraft = z
  .object({
    displayName: z.string().max(500),
    externalId: field,
    memberIds: z.array(id).max(10_000).optional()
  })
  .strict()

/** The directory of each tenant as the console shows and edits it. */
export function directoryHandlers(deps: HandlerDeps): HandlerMap<
  | 'directory:users'
  | 'directory:user'
  | 'directory:create-user'
  | 'directory:update-user'
  | 'directory:set-user-active'
  | 'directory:delete-user'
  | 'directory:groups'
  | 'directory:group'
  | 'directory:create-group'
  | 'directory:update-group'
  | 'directory:delete-group'
> {
  const { services } = deps
  // Each edit is logged as the SCIM request it equals, with the resource as a client reached at this origin would get it.
  const directory = services.consoleDirectory
  return {
    'directory:users': handle('directory:users', query, (input) => directory.users(input)),
    // A user's or group's history is read from the log: what is queued is written first, without holding the server.
    'directory:user': handle('directory:user', z.object({ tenant: tenantRef, id }).strict(), async (input) => {
      await services.log.whenWritten()
      // The SCIM JSON shows the same meta.location a client would get through the base URL Okta is given.
      return directory.user(input.tenant, input.id, scimOrigin(deps))
    }),
    'directory:create-user': handle('directory:create-user', z.object({ tenant: tenantRef, user: userDraft }).strict(), (input) =>
      directory.createUser(input.tenant, input.user, scimOrigin(deps))
    ),
    'directory:update-user': handle('directory:update-user', z.object({ tenant: tenantRef, id, user: userDraft }).strict(), (input) =>
      directory.updateUser(input.tenant, input.id, input.user, scimOrigin(deps))
    ),
    'directory:set-user-active': handle(
      'directory:set-user-active',
      z.object({ tenant: tenantRef, id, active: z.boolean() }).strict(),
      (input) => directory.setUserActive(input.tenant, input.id, input.active, scimOrigin(deps))
    ),
    'directory:delete-user': handle('directory:delete-user', z.object({ tenant: tenantRef, id }).strict(), (input) =>
      directory.deleteUser(input.tenant, input.id)
    ),
    'directory:groups': handle('directory:groups', query, (input) => directory.groups(input)),
    'directory:group': handle('directory:group', z.object({ tenant: tenantRef, id }).strict(), async (input) => {
      await services.log.whenWritten()
      return directory.group(input.tenant, input.id, scimOrigin(deps))
    }),
    'directory:create-group': handle('directory:create-group', z.object({ tenant: tenantRef, group: groupDraft }).strict(), (input) =>
      directory.createGroup(input.tenant, input.group, scimOrigin(deps))
    ),
    'directory:update-group': handle('directory:update-group', z.object({ tenant: tenantRef, id, group: groupDraft }).strict(), (input) =>
      directory.updateGroup(input.tenant, input.id, input.group, scimOrigin(deps))
    ),
    'directory:delete-group': handle('directory:delete-group', z.object({ tenant: tenantRef, id }).strict(), (input) =>
      directory.deleteGroup(input.tenant, input.id)
    )
  }
}
