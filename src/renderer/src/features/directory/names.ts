/** How the directory names people. */
import type { DirectoryUser } from '../../../../shared/models'

/** "Ada Lovelace": the name a person reads, from whatever the user has. */
export function personName(user: Pick<DirectoryUser, 'displayName' | 'givenName' | 'familyName' | 'userName'>): string {
  const parts = [user.givenName, user.familyName].filter(Boolean).join(' ')
  return user.displayName ?? (parts || user.userName)
}
