import type { UnloadHold } from '../../shared/models'
import { listOf } from '../../shared/plural'
import { assertNever } from '../../shared/result'

/** The words of the question the window asks before it closes or reloads: the window's title, the question, and why. */
export interface LeaveQuestion {
  readonly title: string
  readonly message: string
  readonly detail: string
}

/**
 * Asked when main has not heard what the page holds (a page whose word did not reach it): the question cannot know
 * which it is, so it names both.
 */
const eitherQuestion: LeaveQuestion = {
  title: 'Not saved yet',
  message: 'Leave without saving?',
  detail: 'Something on the screen would be lost: changes not saved yet, or a new API token not copied yet, which SCIM Console shows only once.'
}

/** Appends each of `items` that `list` does not hold yet, so that a name the page gave twice is said once. */
function addNew(list: string[], items: readonly string[]): void {
  for (const item of items) if (!list.includes(item)) list.push(item)
}

/**
 * The question the window asks when its page holds the close or the reload, worded for what the page says it holds
 * (core/unload-holds.ts), and for nothing else: a CSM with an unsaved form hears of the changes only, and one with a new
 * API token hears that it cannot be shown again. A token comes first when both are held, since it costs the most to
 * lose: it has to be revoked, and a new one issued and pasted into the identity provider again. The answers are the
 * window's, Leave or Stay.
 */
export function leaveQuestion(holds: readonly UnloadHold[]): LeaveQuestion {
  let tokens = 0
  const tenants: string[] = []
  let changes = false
  // Changes from a form that does not say what they are to: the sentence then names none, rather than some.
  let unnamedChanges = false
  const changesTo: string[] = []
  for (const hold of holds) {
    switch (hold.kind) {
      case 'token':
        tokens += 1
        addNew(tenants, [hold.tenant])
        break
      case 'changes':
        changes = true
        if (hold.what.length === 0) unnamedChanges = true
        addNew(changesTo, hold.what)
        break
      default:
        return assertNever(hold, 'Unknown unload hold')
    }
  }
  const yourChanges = unnamedChanges || changesTo.length === 0 ? 'Your changes' : `Your changes to ${listOf(changesTo)}`

  if (tokens > 0) {
    const one = tokens === 1
    const token = one
      ? `The new API token for ${listOf(tenants)} has not been copied. SCIM Console shows a token only once: if you leave, you will have to revoke it and issue a new one.`
      : `The new API tokens for ${listOf(tenants)} have not been copied. SCIM Console shows a token only once: if you leave, you will have to revoke them and issue new ones.`
    return {
      title: one ? 'API token not copied' : 'API tokens not copied',
      message: one ? 'Leave without copying the API token?' : 'Leave without copying the API tokens?',
      detail: changes ? `${token}\n\n${yourChanges} are not saved yet either, and would be lost too.` : token
    }
  }
  if (changes) {
    return {
      title: 'Not saved yet',
      message: 'Leave without saving?',
      detail: `${yourChanges} are not saved yet. If you leave, they are lost; stay to save them first.`
    }
  }
  return eitherQuestion
}
