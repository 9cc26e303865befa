import { describe, expect, test } from 'vitest'
import type { ScimEnterpriseUser, ScimGroupResource, ScimUserResource } from './resources'
import {
  enterpriseUserSchema,
  enterpriseUserSchemaUrn,
  findAttribute,
  groupSchema,
  groupSchemaUrn,
  resourceTypeDefinitions,
  schemaDefinitions,
  serviceProviderConfig,
  userSchema,
  userSchemaUrn
} from './schema-definitions'
import type { AttributeDefinition, SchemaDefinition } from './schema-definitions'

// The declared keys of a type with an index signature (ScimEnterpriseUser keeps unknown extension attributes).
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] }

function attributeOf(schema: SchemaDefinition, path: string): AttributeDefinition {
  const [name = '', subName] = path.split('.')
  const attribute = findAttribute(schema.attributes, name)
  const found = subName === undefined ? attribute : findAttribute(attribute?.subAttributes ?? [], subName)
  if (!found) throw new Error(`test setup: ${schema.name} has no ${path}`)
  return found
}

function everyAttribute(attributes: readonly AttributeDefinition[]): AttributeDefinition[] {
  return attributes.flatMap((attribute) => [attribute, ...everyAttribute(attribute.subAttributes ?? [])])
}

describe('/Schemas resources', () => {
  test('each schema can be served as-is: Schema URN, id, name, description, attributes and meta.resourceType', () => {
    expect(schemaDefinitions.map((schema) => schema.id)).toEqual([userSchemaUrn, enterpriseUserSchemaUrn, groupSchemaUrn])
    for (const schema of schemaDefinitions) {
      expect(schema.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:Schema'])
      expect(schema.name).not.toBe('')
      expect(schema.description).not.toBe('')
      expect(schema.meta).toEqual({ resourceType: 'Schema' })
      // What the endpoint sends is JSON: nothing may be lost in serialisation.
      expect(JSON.parse(JSON.stringify(schema))).toEqual(schema)
    }
  })

  test('every attribute and sub-attribute declares all RFC 7643 §7 characteristics, so mapping tools need no defaults', () => {
    for (const attribute of schemaDefinitions.flatMap((schema) => everyAttribute(schema.attributes))) {
      expect(Object.keys(attribute)).toEqual(
        expect.arrayContaining(['name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness'])
      )
      expect(attribute.type === 'complex').toBe(attribute.subAttributes !== undefined)
    }
  })

  test('the core User lists every attribute of RFC 7643 §4.1', () => {
    expect(userSchema.attributes.map((attribute) => attribute.name)).toEqual([
      'id',
      'externalId',
      'userName',
      'name',
      'displayName',
      'nickName',
      'profileUrl',
      'title',
      'userType',
      'preferredLanguage',
      'locale',
      'timezone',
      'active',
      'password',
      'emails',
      'phoneNumbers',
      'ims',
      'photos',
      'addresses',
      'groups',
      'entitlements',
      'roles',
      'x509Certificates'
    ])
    expect(attributeOf(userSchema, 'name').subAttributes?.map((sub) => sub.name)).toEqual([
      'formatted',
      'familyName',
      'givenName',
      'middleName',
      'honorificPrefix',
      'honorificSuffix'
    ])
    expect(attributeOf(userSchema, 'emails').subAttributes?.map((sub) => sub.name)).toEqual(['value', 'display', 'type', 'primary'])
  })

  test('userName is required, unique on the server and matched case-insensitively, as Okta expects', () => {
    expect(attributeOf(userSchema, 'userName')).toMatchObject({ type: 'string', required: true, caseExact: false, uniqueness: 'server' })
  })

  test("a group's displayName is declared unique on the server, as the server enforces it", () => {
    expect(attributeOf(groupSchema, 'displayName')).toMatchObject({ required: true, uniqueness: 'server' })
  })

  test('id is readOnly, always returned and caseExact; externalId is caseExact', () => {
    expect(attributeOf(userSchema, 'id')).toMatchObject({ mutability: 'readOnly', returned: 'always', caseExact: true })
    expect(attributeOf(userSchema, 'externalId')).toMatchObject({ mutability: 'readWrite', caseExact: true })
    expect(attributeOf(groupSchema, 'id')).toMatchObject({ mutability: 'readOnly', returned: 'always', caseExact: true })
  })

  test('password is writeOnly and never returned, so a read-modify-write PUT cannot echo it', () => {
    expect(attributeOf(userSchema, 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' })
  })

  test('groups is readOnly on a user: memberships change through /Groups', () => {
    expect(attributeOf(userSchema, 'groups')).toMatchObject({ mutability: 'readOnly', multiValued: true })
    for (const sub of attributeOf(userSchema, 'groups').subAttributes ?? []) expect(sub.mutability).toBe('readOnly')
  })

  test('active is a boolean and multi-valued attributes are complex lists with the canonical types', () => {
    expect(attributeOf(userSchema, 'active')).toMatchObject({ type: 'boolean', multiValued: false })
    expect(attributeOf(userSchema, 'emails')).toMatchObject({ type: 'complex', multiValued: true })
    expect(attributeOf(userSchema, 'emails.type').canonicalValues).toEqual(['work', 'home', 'other'])
    expect(attributeOf(userSchema, 'emails.primary').type).toBe('boolean')
    expect(attributeOf(userSchema, 'phoneNumbers.type').canonicalValues).toEqual(['work', 'home', 'mobile', 'fax', 'pager', 'other'])
  })

  test('the enterprise extension has the RFC 7643 §4.3 attributes, with a readOnly manager.displayName', () => {
    expect(enterpriseUserSchema.attributes.map((attribute) => attribute.name)).toEqual([
      'employeeNumber',
      'costCenter',
      'organization',
      'division',
      'department',
      'manager'
    ])
    expect(attributeOf(enterpriseUserSchema, 'manager').subAttributes?.map((sub) => sub.name)).toEqual(['value', '$ref', 'displayName'])
    expect(attributeOf(enterpriseUserSchema, 'manager.displayName').mutability).toBe('readOnly')
  })

  test('a Group requires displayName and lists members with value, $ref, display and type', () => {
    expect(attributeOf(groupSchema, 'displayName')).toMatchObject({ type: 'string', required: true })
    expect(attributeOf(groupSchema, 'members')).toMatchObject({ type: 'complex', multiValued: true, mutability: 'readWrite' })
    expect(attributeOf(groupSchema, 'members').subAttributes?.map((sub) => sub.name)).toEqual(['value', '$ref', 'display', 'type'])
    // Users only, as the server refuses nested groups: discovery must not advertise what a push would be refused for.
    expect(attributeOf(groupSchema, 'members.$ref')).toMatchObject({ type: 'reference', referenceTypes: ['User'] })
    expect(attributeOf(groupSchema, 'members.type').canonicalValues).toEqual(['User'])
  })

  test('the served definitions cannot be changed by a caller', () => {
    expect(Object.isFrozen(userSchema)).toBe(true)
    expect(Object.isFrozen(attributeOf(userSchema, 'name.givenName'))).toBe(true)
    expect(() => (userSchema.attributes as AttributeDefinition[]).push(attributeOf(userSchema, 'title'))).toThrow(TypeError)
  })

  test('findAttribute ignores case, as RFC 7643 §2.1 requires', () => {
    expect(findAttribute(userSchema.attributes, 'USERNAME')?.name).toBe('userName')
    expect(findAttribute(userSchema.attributes, 'x509certificates')?.name).toBe('x509Certificates')
    expect(findAttribute(userSchema.attributes, 'nope')).toBeUndefined()
  })
})

describe('the resource types match the schemas', () => {
  test('/ResourceTypes has User with the optional enterprise extension, and Group', () => {
    expect(resourceTypeDefinitions).toEqual([
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
        id: 'User',
        name: 'User',
        endpoint: '/Users',
        description: 'User Account',
        schema: userSchemaUrn,
        schemaExtensions: [{ schema: enterpriseUserSchemaUrn, required: false }],
        meta: { resourceType: 'ResourceType' }
      },
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
        id: 'Group',
        name: 'Group',
        endpoint: '/Groups',
        description: 'Group',
        schema: groupSchemaUrn,
        schemaExtensions: [],
        meta: { resourceType: 'ResourceType' }
      }
    ])
  })

  test('the normalised User and Group types name exactly the writable attributes of the schemas', () => {
    // Compile-time lists: adding an attribute to a type without the schema (or the reverse) fails here.
    const userKeys: Record<Exclude<keyof ScimUserResource, 'schemas' | typeof enterpriseUserSchemaUrn>, true> = {
      externalId: true,
      userName: true,
      name: true,
      displayName: true,
      nickName: true,
      profileUrl: true,
      title: true,
      userType: true,
      preferredLanguage: true,
      locale: true,
      timezone: true,
      active: true,
      emails: true,
      phoneNumbers: true,
      ims: true,
      photos: true,
      addresses: true,
      entitlements: true,
      roles: true,
      x509Certificates: true
    }
    const writable = (schema: SchemaDefinition) =>
      schema.attributes.filter((attribute) => attribute.mutability === 'readWrite' || attribute.mutability === 'immutable').map((attribute) => attribute.name)
    expect(Object.keys(userKeys).sort()).toEqual(writable(userSchema).sort())

    const enterpriseKeys: Record<KnownKeys<ScimEnterpriseUser>, true> = {
      employeeNumber: true,
      costCenter: true,
      organization: true,
      division: true,
      department: true,
      manager: true
    }
    expect(Object.keys(enterpriseKeys).sort()).toEqual(writable(enterpriseUserSchema).sort())

    const groupKeys: Record<Exclude<keyof ScimGroupResource, 'schemas'>, true> = { externalId: true, displayName: true, members: true }
    expect(Object.keys(groupKeys).sort()).toEqual(writable(groupSchema).sort())
  })
})

describe('serviceProviderConfig', () => {
  test('declares exactly what the server does: PATCH, filter, sort and ETags, no bulk, no password change', () => {
    expect(serviceProviderConfig({ maxResults: 200, maxPayloadSize: 1_048_576 })).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: true },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'OAuth Bearer Token',
          description: 'Authentication scheme using the OAuth Bearer Token Standard',
          specUri: 'http://www.rfc-editor.org/info/rfc6750',
          primary: true
        }
      ],
      meta: { resourceType: 'ServiceProviderConfig' }
    })
  })

  test('includes the documentation link only when there is one', () => {
    const config = serviceProviderConfig({ documentationUri: 'http://localhost:7777/docs', maxResults: 50, maxPayloadSize: 1024 })
    expect(config.documentationUri).toBe('http://localhost:7777/docs')
    expect(config.authenticationSchemes[0]?.documentationUri).toBe('http://localhost:7777/docs')
    expect(config.filter.maxResults).toBe(50)
    expect('documentationUri' in serviceProviderConfig({ maxResults: 50, maxPayloadSize: 1024 })).toBe(false)
  })

  test('refuses a maxResults that no client could use', () => {
    expect(() => serviceProviderConfig({ maxResults: 0, maxPayloadSize: 1024 })).toThrow(/maxResults/)
    expect(() => serviceProviderConfig({ maxResults: 2.5, maxPayloadSize: 1024 })).toThrow(/maxResults/)
  })
})
