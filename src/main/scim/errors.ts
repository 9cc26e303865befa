import type { RequestClient } from '../../shared/identity-provider'
import type { ErrorFacts } from '../../shared/models'

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

/** The Error message URN (RFC 7644 §3.12). */
export const errorSchema = 'urn:ietf:params:scim:api:messages:2.0:Error'

// RFC 7644 §3.12: which scimType goes with which status. `uniqueness` is used with 409 (Table 9 lists it under 400,
// but §3.3 and every identity provider expect 409 for a clash).
const allowedTypes: Readonly<Record<number, readonly ScimType[]>> = {
  400: ['invalidFilter', 'tooMany', 'mutability', 'invalidSyntax', 'invalidPath', 'noTarget', 'invalidValue', 'invalidVers', 'sensitive'],
  409: ['uniqueness']
}

/**
 * A detail in the words of each client's admin: Okta shows `detail` to its admins, Entra writes it into its
 * Provisioning logs, and anyone else (curl, a script) reads it without either product's screens.
 */
export type ClientWording = Readonly<Record<RequestClient, string>>

/** Where an Entra admin pastes an API token: the Admin Credentials of the app's Provisioning page. */
export const entraSecretToken = "Secret Token in Entra (the app's Provisioning page, under Admin Credentials)"

/** `what` happened to a token (revoked, expired), then how each client's admin puts a new one in its place. */
export function newTokenWording(what: string): ClientWording {
  return {
    okta: `${what} Issue a new token and paste it into Okta.`,
    entra: `${what} Issue a new token and paste it into ${entraSecretToken}.`,
    other: `${what} Issue a new token in SCIM Console and send that one.`
  }
}

/**
 * The one SCIM error type. `detail` is a sentence for a person; one that says what to do where gives a wording per
 * client, and the server answers each client in its own (`detailFor`). `detail` is then the neutral one.
 */
export class ScimError extends Error {
  readonly status: number
  readonly scimType: ScimType | undefined
  readonly detail: string
  /** The resource's current ETag, sent with a 412 so that the client learns the version its condition failed against. */
  readonly etag: string | undefined
  /** What the refusal was about, for the provisioning log's diagnosis, which must not read it out of the detail's words. */
  readonly facts: ErrorFacts | undefined
  private readonly wording: ClientWording | null

  constructor(
    status: number,
    scimType: ScimType | undefined,
    detail: string | ClientWording,
    options: { readonly etag?: string; readonly facts?: ErrorFacts } = {}
  ) {
    const neutral = typeof detail === 'string' ? detail : detail.other
    super(neutral)
    if (scimType && !allowedTypes[status]?.includes(scimType)) {
      throw new Error(`scimType ${scimType} does not go with HTTP ${status} (RFC 7644 §3.12)`)
    }
    this.name = 'ScimError'
    this.status = status
    this.scimType = scimType
    this.detail = neutral
    this.etag = options.etag
    this.facts = options.facts
    this.wording = typeof detail === 'string' ? null : detail
  }

  /** The detail in the words of the client that sent the request. */
  detailFor(client: RequestClient): string {
    return this.wording?.[client] ?? this.detail
  }

  /** The RFC 7644 §3.12 error body, its detail in `client`'s words; `status` is a string, as the RFC types it. */
  toBody(client: RequestClient = 'other'): ScimErrorBody {
    return {
      schemas: [errorSchema],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detailFor(client)
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
export function badRequest(scimType: ScimType, detail: string | ClientWording, facts?: ErrorFacts): ScimError {
  return new ScimError(400, scimType, detail, facts ? { facts } : {})
}
