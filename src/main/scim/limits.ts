/** The largest request body the SCIM server reads; larger ones get 413. */
export const maxBodyBytes = 1024 * 1024
