/**
 * The URNs a SCIM client writes, spelled out here rather than imported from the server (src/main/scim): the simulators
 * and the conformance self-tests are a client that checks the server, and a URN mistyped in one shared place would
 * pass unseen on both sides. Written once for every client in src/main/demo.
 */
export const userSchemaUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const enterpriseUserSchemaUrn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
export const groupSchemaUrn = 'urn:ietf:params:scim:schemas:core:2.0:Group'
export const patchOpSchemaUrn = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
export const listSchema = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
export const errorSchema = 'urn:ietf:params:scim:api:messages:2.0:Error'
