/** RFC 7644 §3.12 `scimType` values. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'

export const errorSchema = 'urn:ietf:params:scim:api:messages:2.0:Error'

// RFC 7644 §3.12: which scimType goes with which status. `uniqueness` is used with 409 (Table 9 lists it under 400,
// but §3.3 and every identity provider expect 409 for a clash).
const allowedTypes: Readonly<Record<number, readonly ScimType[]>> = {
  400: ['invalidFilter', 'tooMany', 'mutability', 'invalidSyntax', 'invalidPath', 'noTarget', 'invalidValue', 'invalidVers', 'sensitive'],
  409: ['uniqueness']
}

/** The one SCIM error type. `detail` is a sentence for a person: Okta shows it to admins. */
export class ScimError extends Error {
  readonly status: number
  readonly scimType: ScimType | undefined
  readonly detail: string

  constructor(status: number, scimType: ScimType | undefined, detail: string) {
    super(detail)
    if (scimType && !allowedTypes[status]?.includes(scimType)) {
      throw new Error(`scimType ${scimType} does not go with HTTP ${status} (RFC 7644 §3.12)`)
    }
    this.name = 'ScimError'
    this.status = status
    this.scimType = scimType
    this.detail = detail
  }

  /** The RFC 7644 §3.12 error body; `status` is a string, as the RFC types it. */
  toBody(): ScimErrorBody {
    return {
      schemas: [errorSchema],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail
    }
  }
}

export interface ScimErrorBody {
  readonly schemas: readonly string[]
  readonly status: string
  readonly scimType?: ScimType
  readonly detail: string
}

/** 400 with a scimType: the client sent something we cannot use. */
export function badRequest(scimType: ScimType, detail: string): ScimError {
  return new ScimError(400, scimType, detail)
}
