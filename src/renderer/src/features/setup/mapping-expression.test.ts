import { describe, expect, it } from 'vitest'
import { entraUserMappings } from '../../../../shared/entra-setup'
import { mappingSegments } from './mapping-expression'

describe("the pieces an Entra mapping's line may break between", () => {
  it('are its arguments, each with its comma, an empty argument kept with the one before it', () => {
    expect(mappingSegments('Switch([IsSoftDeleted], , "False", "True", "True", "False")')).toEqual([
      'Switch([IsSoftDeleted], ,',
      '"False",',
      '"True",',
      '"True",',
      '"False")'
    ])
  })

  it('keep a plain attribute whole, and joined with spaces give back every mapping', () => {
    expect(mappingSegments('userPrincipalName')).toEqual(['userPrincipalName'])
    for (const { source } of entraUserMappings) expect(mappingSegments(source).join(' ')).toBe(source)
  })
})
