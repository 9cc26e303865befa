/**
 * An Entra mapping (an attribute, or an expression such as `Switch([IsSoftDeleted], , "False", "True", …)`) cut at the
 * spaces a line may break at: after each argument's comma, keeping an empty argument (`, ,`) with the one before it.
 * Joined with single spaces, the pieces are the mapping again. The guide shows each piece whole, so that a line never
 * breaks inside `[IsSoftDeleted]` or `"False"`.
 */
export function mappingSegments(mapping: string): string[] {
  return mapping.split(/(?<=,) (?!,)/)
}
