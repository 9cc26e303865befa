import { describe, expect, it } from 'vitest'
import type { UnloadHold } from '../../shared/models'
import { createUnloadHolds } from '../core/unload-holds'
import { unloadHandlers } from './unload-handlers'

const faults: UnloadHold = { kind: 'changes', what: ['the faults'] }
const acmeToken: UnloadHold = { kind: 'token', tenant: 'Acme Corp' }

/** Main's side of `app:hold-unload`: the real handler over the real store, as the window reads it. */
function mainSide() {
  const holds = createUnloadHolds()
  const handler = unloadHandlers(holds)['app:hold-unload']
  return { holds, tell: async (input: unknown) => handler(input) }
}

describe("main's record of what the page holds its unload for", () => {
  it('holds nothing until the page says otherwise', () => {
    expect(mainSide().holds.current()).toEqual([])
  })

  it('knows a form and a token held at once, in the order the page took them', async () => {
    const { holds, tell } = mainSide()
    expect(await tell({ holds: [faults, acmeToken] })).toEqual({ ok: true, value: null })
    expect(holds.current()).toEqual([faults, acmeToken])
  })

  it("takes each word as the page's whole set: a token copied leaves the form held alone, and then nothing", async () => {
    const { holds, tell } = mainSide()
    await tell({ holds: [faults, acmeToken] })
    await tell({ holds: [faults] })
    expect(holds.current()).toEqual([faults])
    await tell({ holds: [] })
    expect(holds.current()).toEqual([])
  })

  it('forgets what a page held once it is gone, and hears the next page afresh', async () => {
    const { holds, tell } = mainSide()
    await tell({ holds: [acmeToken] })
    holds.forget()
    expect(holds.current()).toEqual([])
    await tell({ holds: [faults] })
    expect(holds.current()).toEqual([faults])
  })

  it("keeps its own copy: what the question is worded from does not change with the sender's array", async () => {
    const { holds } = mainSide()
    const what = ['the faults']
    const sent: UnloadHold[] = [{ kind: 'changes', what }]
    holds.replace(sent)
    sent.push(acmeToken)
    what.push('the server settings')
    expect(holds.current()).toEqual([faults])
  })

  it('refuses a word that no screen sends, with a sentence, and keeps what it held', async () => {
    const { holds, tell } = mainSide()
    await tell({ holds: [acmeToken] })
    for (const input of [
      {},
      { holds: [{ kind: 'secret' }] },
      { holds: [{ kind: 'token' }] },
      { holds: [{ kind: 'token', tenant: '' }] },
      { holds: [{ kind: 'token', tenant: 'Acme Corp', token: 'scim_abc' }] },
      { holds: [{ kind: 'changes', what: 'the faults' }] },
      { holds: Array.from({ length: 51 }, () => faults) },
      { holds: [], extra: true }
    ]) {
      const answer = await tell(input)
      expect(answer.ok, JSON.stringify(input)).toBe(false)
      if (answer.ok) continue
      expect(answer.error.code).toBe('invalid_argument')
      expect(answer.error.message).toMatch(/^[A-Z].*\.$/s)
    }
    expect(holds.current()).toEqual([acmeToken])
  })
})
