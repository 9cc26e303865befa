/**
 * RFC 7643 schema definitions as data: what `/Schemas`, `/ResourceTypes` and `/ServiceProviderConfig` serve, and what
 * the body normaliser and the PATCH applier read attribute names and characteristics from.
 */

/** The core User schema URN (RFC 7643 §4.1). */
export const userSchemaUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'

/** The enterprise User extension URN (RFC 7643 §4.3). */
export const enterpriseUserSchemaUrn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

/** The core Group schema URN (RFC 7643 §4.2). */
export const groupSchemaUrn = 'urn:ietf:params:scim:schemas:core:2.0:Group'

/** The schema URN a `/Schemas` resource carries in its own `schemas` (RFC 7643 §7). */
export const schemaSchemaUrn = 'urn:ietf:params:scim:schemas:core:2.0:Schema'

/** The schema URN of a `/ResourceTypes` resource (RFC 7643 §6). */
export const resourceTypeSchemaUrn = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType'

/** The schema URN of `/ServiceProviderConfig` (RFC 7643 §5). */
export const serviceProviderConfigSchemaUrn = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'

/** The two resource types this server hosts. */
export type ScimResourceKind = 'User' | 'Group'

/** RFC 7643 §2.3 data types. */
export type AttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'binary' | 'complex'

/** RFC 7643 §7 `mutability`. */
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly'

/** RFC 7643 §7 `returned`. */
export type Returned = 'always' | 'never' | 'default' | 'request'

/** RFC 7643 §7 `uniqueness`. */
export type Uniqueness = 'none' | 'server' | 'global'

/** One attribute of a schema with its characteristics (RFC 7643 §7). */
export interface AttributeDefinition {
  readonly name: string
  readonly type: AttributeType
  readonly multiValued: boolean
  readonly description: string
  readonly required: boolean
  readonly caseExact: boolean
  readonly mutability: Mutability
  readonly returned: Returned
  readonly uniqueness: Uniqueness
  readonly canonicalValues?: readonly string[]
  readonly referenceTypes?: readonly string[]
  readonly subAttributes?: readonly AttributeDefinition[]
}

/** A `/Schemas` resource as served, before the caller adds `meta.location` (RFC 7643 §7). */
export interface SchemaDefinition {
  readonly schemas: readonly [typeof schemaSchemaUrn]
  readonly id: string
  readonly name: string
  readonly description: string
  readonly attributes: readonly AttributeDefinition[]
  readonly meta: { readonly resourceType: 'Schema' }
}

/** A `/ResourceTypes` resource as served, before the caller adds `meta.location` (RFC 7643 §6). */
export interface ResourceTypeDefinition {
  readonly schemas: readonly [typeof resourceTypeSchemaUrn]
  readonly id: ScimResourceKind
  readonly name: ScimResourceKind
  readonly endpoint: string
  readonly description: string
  readonly schema: string
  readonly schemaExtensions: readonly { readonly schema: string; readonly required: boolean }[]
  readonly meta: { readonly resourceType: 'ResourceType' }
}

/** The `/ServiceProviderConfig` resource, before the caller adds `meta.location` (RFC 7643 §5). */
export interface ServiceProviderConfig {
  readonly schemas: readonly [typeof serviceProviderConfigSchemaUrn]
  readonly documentationUri?: string
  readonly patch: { readonly supported: boolean }
  readonly bulk: { readonly supported: boolean; readonly maxOperations: number; readonly maxPayloadSize: number }
  readonly filter: { readonly supported: boolean; readonly maxResults: number }
  readonly changePassword: { readonly supported: boolean }
  readonly sort: { readonly supported: boolean }
  readonly etag: { readonly supported: boolean }
  readonly authenticationSchemes: readonly {
    readonly type: string
    readonly name: string
    readonly description: string
    readonly specUri: string
    readonly documentationUri?: string
    readonly primary: boolean
  }[]
  readonly meta: { readonly resourceType: 'ServiceProviderConfig' }
}

type AttributeOptions = Partial<Omit<AttributeDefinition, 'name' | 'type' | 'description'>>

// RFC 7643 §2.2 defaults, spelled out in every definition because clients such as Okta's schema discovery do not
// apply defaults for characteristics that are missing.
function attribute(name: string, type: AttributeType, description: string, options: AttributeOptions = {}): AttributeDefinition {
  const { subAttributes, canonicalValues, referenceTypes, ...characteristics } = options
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...characteristics,
    ...(canonicalValues ? { canonicalValues } : {}),
    ...(referenceTypes ? { referenceTypes } : {}),
    ...(subAttributes ? { subAttributes } : {})
  }
}

// The four sub-attributes RFC 7643 §2.4 gives every multi-valued attribute; `value` varies in type and wording.
function multiValuedSubAttributes(value: AttributeDefinition, noun: string, types: readonly string[]): AttributeDefinition[] {
  return [
    value,
    attribute('display', 'string', 'A human-readable name, primarily used for display purposes.'),
    attribute('type', 'string', `A label indicating the ${noun}'s function.`, types.length > 0 ? { canonicalValues: types } : {}),
    attribute('primary', 'boolean', `A Boolean value indicating the 'primary' or preferred ${noun}. The primary attribute value 'true' MUST appear no more than once.`)
  ]
}

// RFC 7643 §3.1 common attributes. They belong to every resource, not to a schema, but clients that map attributes
// from /Schemas (Okta's entitlements flow, Entra's validator) expect to find `id` and `externalId` listed.
function commonAttributes(): AttributeDefinition[] {
  return [
    // `required` is false because a client never sends `id`; the server always issues and returns it (RFC 7643 §3.1).
    attribute('id', 'string', 'Unique identifier for the SCIM resource as defined by the service provider. Issued by the service provider and not specified by the client.', {
      caseExact: true,
      mutability: 'readOnly',
      returned: 'always',
      uniqueness: 'server'
    }),
    attribute('externalId', 'string', "A String that is an identifier for the resource as defined by the provisioning client, e.g. Okta's user id (00u…).", {
      caseExact: true
    })
  ]
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

/** The core User schema: every attribute of RFC 7643 §4.1, with the characteristics of §8.7.1. */
export const userSchema: SchemaDefinition = deepFreeze({
  schemas: [schemaSchemaUrn],
  id: userSchemaUrn,
  name: 'User',
  description: 'User Account',
  attributes: [
    ...commonAttributes(),
    attribute(
      'userName',
      'string',
      "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. Each User MUST include a non-empty userName value. This identifier MUST be unique across the service provider's entire set of Users. REQUIRED.",
      { required: true, uniqueness: 'server' }
    ),
    attribute('name', 'complex', "The components of the user's real name.", {
      subAttributes: [
        attribute('formatted', 'string', "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display (e.g., 'Ms. Barbara J Jensen, III')."),
        attribute('familyName', 'string', "The family name of the User, or last name in most Western languages (e.g., 'Jensen' given the full name 'Ms. Barbara J Jensen, III')."),
        attribute('givenName', 'string', "The given name of the User, or first name in most Western languages (e.g., 'Barbara' given the full name 'Ms. Barbara J Jensen, III')."),
        attribute('middleName', 'string', "The middle name(s) of the User (e.g., 'Jane' given the full name 'Ms. Barbara J Jensen, III')."),
        attribute('honorificPrefix', 'string', "The honorific prefix(es) of the User, or title in most Western languages (e.g., 'Ms.' given the full name 'Ms. Barbara J Jensen, III')."),
        attribute('honorificSuffix', 'string', "The honorific suffix(es) of the User, or suffix in most Western languages (e.g., 'III' given the full name 'Ms. Barbara J Jensen, III').")
      ]
    }),
    attribute('displayName', 'string', 'The name of the User, suitable for display to end-users. The name SHOULD be the full name of the User being described, if known.'),
    attribute('nickName', 'string', "The casual way to address the user in real life, e.g., 'Bob' or 'Bobby' instead of 'Robert'."),
    attribute('profileUrl', 'reference', "A fully qualified URL pointing to a page representing the User's online profile.", { referenceTypes: ['external'] }),
    attribute('title', 'string', "The user's title, such as \"Vice President\"."),
    attribute('userType', 'string', "Used to identify the relationship between the organization and the user. Typical values used might be 'Contractor', 'Employee', 'Intern', 'Temp', 'External', and 'Unknown', but any value may be used."),
    attribute('preferredLanguage', 'string', "Indicates the User's preferred written or spoken language, in the format of the HTTP Accept-Language header (e.g., 'en-US')."),
    attribute('locale', 'string', "Used to indicate the User's default location for purposes of localizing items such as currency, date time format, or numerical representations (e.g., 'en-US')."),
    attribute('timezone', 'string', "The User's time zone in the 'Olson' time zone database format, e.g., 'America/Los_Angeles'."),
    attribute('active', 'boolean', "A Boolean value indicating the User's administrative status."),
    // RFC 7643 §4.1.1: writeOnly and never returned. Okta sends a random placeholder on every create (see okta-scim.md §1.3).
    attribute('password', 'string', "The User's cleartext password. This attribute is intended to be used as a means to specify an initial password when creating a new User or to reset an existing User's password.", {
      mutability: 'writeOnly',
      returned: 'never'
    }),
    attribute('emails', 'complex', "Email addresses for the user. The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'. Canonical type values of 'work', 'home', and 'other'.", {
      multiValued: true,
      subAttributes: multiValuedSubAttributes(
        attribute('value', 'string', "Email addresses for the user. The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'."),
        'email address',
        ['work', 'home', 'other']
      )
    }),
    attribute('phoneNumbers', 'complex', "Phone numbers for the User. The value SHOULD be canonicalized by the service provider according to the format specified in RFC 3966, e.g., 'tel:+1-201-555-0123'. Canonical type values of 'work', 'home', 'mobile', 'fax', 'pager', and 'other'.", {
      multiValued: true,
      subAttributes: multiValuedSubAttributes(
        attribute('value', 'string', 'Phone number of the User.'),
        'phone number',
        ['work', 'home', 'mobile', 'fax', 'pager', 'other']
      )
    }),
    attribute('ims', 'complex', 'Instant messaging addresses for the User.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes(
        attribute('value', 'string', 'Instant messaging address for the User.'),
        'instant messaging address',
        ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']
      )
    }),
    attribute('photos', 'complex', 'URLs of photos of the User.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes(
        attribute('value', 'reference', 'URL of a photo of the User.', { referenceTypes: ['external'] }),
        'photo or thumbnail',
        ['photo', 'thumbnail']
      )
    }),
    attribute('addresses', 'complex', "A physical mailing address for this User. Canonical type values of 'work', 'home', and 'other'.", {
      multiValued: true,
      subAttributes: [
        attribute('formatted', 'string', 'The full mailing address, formatted for display or use with a mailing label. This attribute MAY contain newlines.'),
        attribute('streetAddress', 'string', 'The full street address component, which may include house number, street name, P.O. box, and multi-line extended street address information. This attribute MAY contain newlines.'),
        attribute('locality', 'string', 'The city or locality component.'),
        attribute('region', 'string', 'The state or region component.'),
        attribute('postalCode', 'string', 'The zip code or postal code component.'),
        attribute('country', 'string', 'The country name component.'),
        attribute('type', 'string', "A label indicating the address's function, e.g., 'work' or 'home'.", { canonicalValues: ['work', 'home', 'other'] }),
        // §8.7.1 leaves `primary` out of the addresses listing, but §4.1.2 gives addresses the usual primary flag.
        attribute('primary', 'boolean', "A Boolean value indicating the 'primary' or preferred address. The primary attribute value 'true' MUST appear no more than once.")
      ]
    }),
    // readOnly: memberships change through /Groups only (RFC 7643 §4.1.2); Okta echoes `groups: []` in its PUTs.
    attribute('groups', 'complex', 'A list of groups to which the user belongs, either through direct membership, through nested groups, or dynamically calculated.', {
      multiValued: true,
      mutability: 'readOnly',
      subAttributes: [
        attribute('value', 'string', "The identifier of the User's group.", { mutability: 'readOnly' }),
        attribute('$ref', 'reference', "The URI of the corresponding 'Group' resource to which the user belongs.", {
          referenceTypes: ['User', 'Group'],
          mutability: 'readOnly'
        }),
        attribute('display', 'string', 'A human-readable name, primarily used for display purposes. READ-ONLY.', { mutability: 'readOnly' }),
        attribute('type', 'string', "A label indicating the attribute's function, e.g., 'direct' or 'indirect'.", {
          canonicalValues: ['direct', 'indirect'],
          mutability: 'readOnly'
        })
      ]
    }),
    attribute('entitlements', 'complex', 'A list of entitlements for the User that represent a thing the User has.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes(attribute('value', 'string', 'The value of an entitlement.'), 'entitlement', [])
    }),
    attribute('roles', 'complex', 'A list of roles for the User that collectively represent who the User is, e.g., \'Student\', \'Faculty\'.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes(attribute('value', 'string', 'The value of a role.'), 'role', [])
    }),
    attribute('x509Certificates', 'complex', 'A list of certificates issued to the User.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes(attribute('value', 'binary', 'The value of an X.509 certificate.'), 'certificate', [])
    })
  ],
  meta: { resourceType: 'Schema' }
})

/** The enterprise User extension (RFC 7643 §4.3, §8.7.1). */
export const enterpriseUserSchema: SchemaDefinition = deepFreeze({
  schemas: [schemaSchemaUrn],
  id: enterpriseUserSchemaUrn,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attribute('employeeNumber', 'string', 'Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization.'),
    attribute('costCenter', 'string', 'Identifies the name of a cost center.'),
    attribute('organization', 'string', 'Identifies the name of an organization.'),
    attribute('division', 'string', 'Identifies the name of a division.'),
    attribute('department', 'string', 'Identifies the name of a department.'),
    attribute('manager', 'complex', "The User's manager. A complex type that optionally allows service providers to represent organizational hierarchy by referencing the 'id' attribute of another User.", {
      subAttributes: [
        attribute('value', 'string', 'The id of the SCIM resource representing the User\'s manager.'),
        attribute('$ref', 'reference', "The URI of the SCIM resource representing the User's manager.", { referenceTypes: ['User'] }),
        attribute('displayName', 'string', "The displayName of the User's manager. OPTIONAL and READ-ONLY.", { mutability: 'readOnly' })
      ]
    })
  ],
  meta: { resourceType: 'Schema' }
})

/** The core Group schema (RFC 7643 §4.2, §8.7.1), with the `display` member sub-attribute Okta sends. */
export const groupSchema: SchemaDefinition = deepFreeze({
  schemas: [schemaSchemaUrn],
  id: groupSchemaUrn,
  name: 'Group',
  description: 'Group',
  attributes: [
    ...commonAttributes(),
    // §4.2 makes displayName REQUIRED; the §8.7.1 listing says `required: false`. We enforce it, so we declare it.
    // Unique per tenant, compared case-insensitively (409 uniqueness), as the server enforces; §8.7.1 says none.
    attribute('displayName', 'string', 'A human-readable name for the Group. REQUIRED.', { required: true, uniqueness: 'server' }),
    attribute('members', 'complex', 'A list of members of the Group.', {
      multiValued: true,
      subAttributes: [
        // Required here although §8.7.1 says false: a member without the id of a user means nothing.
        attribute('value', 'string', 'The SCIM id of the user who is a member of this Group.', {
          required: true,
          caseExact: true,
          mutability: 'immutable'
        }),
        // Users only, where §8.7.1 has ["User", "Group"]: this server refuses a Group as a member (no nested groups),
        // and a client that reads "Group" here would push nested groups only to have them refused.
        attribute('$ref', 'reference', 'The URI corresponding to a SCIM resource that is a member of this Group.', {
          referenceTypes: ['User'],
          mutability: 'immutable'
        }),
        // Not in §8.7.1, but §4.2 and every Okta push carry `display`; listing it lets mapping tools see it. readOnly
        // (§4.2 makes every member sub-attribute immutable): the server answers the member's current userName, read
        // with the members, and ignores the display a client sends, which would go stale at the user's next rename.
        attribute('display', 'string', "A human-readable name for the member: the user's userName, set by the server. READ-ONLY.", {
          mutability: 'readOnly'
        }),
        attribute('type', 'string', "A label indicating the type of resource: 'User', as members of this server's groups are users only.", {
          canonicalValues: ['User'],
          mutability: 'immutable'
        })
      ]
    })
  ],
  meta: { resourceType: 'Schema' }
})

/** Every `/Schemas` resource, in the order `/Schemas` lists them. */
export const schemaDefinitions: readonly SchemaDefinition[] = deepFreeze([userSchema, enterpriseUserSchema, groupSchema])

/** Every `/ResourceTypes` resource (RFC 7643 §6), in the order `/ResourceTypes` lists them. */
export const resourceTypeDefinitions: readonly ResourceTypeDefinition[] = deepFreeze([
  {
    schemas: [resourceTypeSchemaUrn],
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'User Account',
    schema: userSchemaUrn,
    schemaExtensions: [{ schema: enterpriseUserSchemaUrn, required: false }],
    meta: { resourceType: 'ResourceType' }
  },
  {
    schemas: [resourceTypeSchemaUrn],
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    description: 'Group',
    schema: groupSchemaUrn,
    schemaExtensions: [],
    meta: { resourceType: 'ResourceType' }
  }
])

/** The schemas of one resource type: its core schema and the extensions a body may carry under their URN. */
export interface ResourceSchemas {
  readonly core: SchemaDefinition
  readonly extensions: readonly SchemaDefinition[]
}

/** The core schema and extensions for a resource type. */
export function resourceSchemas(kind: ScimResourceKind): ResourceSchemas {
  return kind === 'User' ? { core: userSchema, extensions: [enterpriseUserSchema] } : { core: groupSchema, extensions: [] }
}

// Attribute lists by lower-cased name, built once per list: every key of every body is looked up here.
const attributeIndexes = new WeakMap<readonly AttributeDefinition[], ReadonlyMap<string, AttributeDefinition>>()

/** Finds an attribute by name, ignoring case: RFC 7643 §2.1 makes attribute names case-insensitive. */
export function findAttribute(attributes: readonly AttributeDefinition[], name: string): AttributeDefinition | undefined {
  let index = attributeIndexes.get(attributes)
  if (!index) {
    index = new Map(attributes.map((attribute) => [attribute.name.toLowerCase(), attribute]))
    attributeIndexes.set(attributes, index)
  }
  return index.get(name.toLowerCase())
}

/**
 * The `/ServiceProviderConfig` resource (RFC 7643 §5), declaring exactly what this server does.
 * `maxPayloadSize` is the server's request body limit. RFC 7643 §5 has a field for it only under `bulk`, and bulk is not
 * supported, so it is not declared: `bulk.maxPayloadSize` stays 0. Both bulk limits are always sent, because clients
 * misread the config when they are missing (authentik #25056).
 */
export function serviceProviderConfig(options: {
  documentationUri?: string
  maxResults: number
  maxPayloadSize: number
}): ServiceProviderConfig {
  if (!Number.isInteger(options.maxResults) || options.maxResults < 1) {
    throw new Error(`maxResults must be a positive integer, got ${options.maxResults}`)
  }
  const documentation = options.documentationUri === undefined ? {} : { documentationUri: options.documentationUri }
  return deepFreeze({
    schemas: [serviceProviderConfigSchemaUrn],
    ...documentation,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: options.maxResults },
    // A password sent in a PUT or PATCH (Okta's "Sync password") is taken; nothing derived from it is kept.
    changePassword: { supported: true },
    sort: { supported: true },
    // Weak ETags from meta.version; If-Match and If-None-Match are honoured (RFC 7644 §3.14).
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication scheme using the OAuth Bearer Token Standard',
        specUri: 'http://www.rfc-editor.org/info/rfc6750',
        ...documentation,
        primary: true
      }
    ],
    meta: { resourceType: 'ServiceProviderConfig' }
  })
}
