import type { NewLogRow } from '../../src/main/core/provisioning-log'

/**
 * A provisioning log row as the server writes one for an answered list of acme's users, written straight into the log
 * by tests that need history; `fields` sets what the test is about (its time, its target, its body).
 */
export function logRow(fields: Partial<NewLogRow> = {}): NewLogRow {
  return {
    at: Date.now(),
    tenant_id: null,
    tenant_slug: 'acme',
    token_id: null,
    method: 'GET',
    path: '/scim/v2/acme/Users',
    status: 200,
    duration_ms: 1,
    client: null,
    operation: 'list-users',
    target_type: null,
    target_id: null,
    target_name: null,
    auth_scheme: 'bearer',
    request_headers: '{}',
    request_body: null,
    response_body: null,
    error_type: null,
    error_detail: null,
    error_facts: null,
    injected: 0,
    ...fields
  }
}
