import { describe, expect, it } from 'vitest'
import type { UnloadHold } from '../../shared/models'
import { leaveQuestion } from './leave-question'

const acmeToken: UnloadHold = { kind: 'token', tenant: 'Acme Corp' }
const faults: UnloadHold = { kind: 'changes', what: ['the faults'] }

describe("the window's question before it closes or reloads", () => {
  it('tells a CSM with a new API token not copied that it cannot be shown again, for which tenant, and what leaving costs', () => {
    expect(leaveQuestion([acmeToken])).toEqual({
      title: 'API token not copied',
      message: 'Leave without copying the API token?',
      detail:
        'The new API token for Acme Corp has not been copied. SCIM Console shows a token only once: if you leave, you will have to revoke it and issue a new one.'
    })
  })

  it('tells a CSM with an unsaved form about the changes only, named as the screen names them', () => {
    const question = leaveQuestion([faults])
    expect(question).toEqual({
      title: 'Not saved yet',
      message: 'Leave without saving?',
      detail: 'Your changes to the faults are not saved yet. If you leave, they are lost; stay to save them first.'
    })
    expect(question.detail).not.toMatch(/token/i)
    expect(leaveQuestion([{ kind: 'changes', what: ['the log retention', 'the notification threshold'] }]).detail).toBe(
      'Your changes to the log retention and the notification threshold are not saved yet. If you leave, they are lost; stay to save them first.'
    )
  })

  it("speaks of changes without naming them when a form does not say what they are to (a dialog's form)", () => {
    expect(leaveQuestion([{ kind: 'changes', what: [] }]).detail).toBe('Your changes are not saved yet. If you leave, they are lost; stay to save them first.')
    // One form unnamed: naming the others only would leave it out.
    expect(leaveQuestion([faults, { kind: 'changes', what: [] }]).detail).toBe(
      'Your changes are not saved yet. If you leave, they are lost; stay to save them first.'
    )
  })

  it('names the token first when a form and a token are held at once, then the changes, whichever was held first', () => {
    const expected = {
      title: 'API token not copied',
      message: 'Leave without copying the API token?',
      detail:
        'The new API token for Acme Corp has not been copied. SCIM Console shows a token only once: if you leave, you will have to revoke it and issue a new one.\n\n' +
        'Your changes to the faults are not saved yet either, and would be lost too.'
    }
    expect(leaveQuestion([faults, acmeToken])).toEqual(expected)
    expect(leaveQuestion([acmeToken, faults])).toEqual(expected)
  })

  it('speaks of tokens, and of revoking them, when more than one is not copied', () => {
    expect(leaveQuestion([acmeToken, { kind: 'token', tenant: 'Globex' }])).toEqual({
      title: 'API tokens not copied',
      message: 'Leave without copying the API tokens?',
      detail:
        'The new API tokens for Acme Corp and Globex have not been copied. SCIM Console shows a token only once: if you leave, you will have to revoke them and issue new ones.'
    })
    expect(leaveQuestion([acmeToken, acmeToken]).detail).toMatch(/^The new API tokens for Acme Corp have not been copied\./)
  })

  it('says each name once, though the page gave it twice', () => {
    expect(leaveQuestion([faults, { kind: 'changes', what: ['the faults', 'the server settings'] }]).detail).toMatch(
      /^Your changes to the faults and the server settings are not saved yet\./
    )
  })

  it('names both when main has not heard what the page holds, as it cannot know which it is', () => {
    expect(leaveQuestion([])).toEqual({
      title: 'Not saved yet',
      message: 'Leave without saving?',
      detail: 'Something on the screen would be lost: changes not saved yet, or a new API token not copied yet, which SCIM Console shows only once.'
    })
  })
})
