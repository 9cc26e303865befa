/** A user id with no privileges: `nobody` on Linux. It need not exist; the kernel checks permissions by number. */
const unprivilegedUid = 65534

/**
 * Runs `work` as a user whom file permissions bind, so that a file of mode 0444, or a folder of mode 0555, is refused
 * by the kernel as it is for a CSM on their laptop. Root ignores those permissions, and the tests run as root here:
 * as root, `work` runs with the effective user id of `nobody`, and root's is restored after it. Only its synchronous
 * part runs so (a command's opening of the database, for instance, not what it awaits); files it creates belong to
 * `nobody`, and the folders on their path must let `nobody` in. Anyone else runs `work` as themselves. Vitest runs
 * each test file in a process of its own (pool: forks), whose user id nothing else shares.
 */
export function asUnprivileged<T>(work: () => T): T {
  if (process.getuid?.() !== 0 || !process.seteuid) return work()
  process.seteuid(unprivilegedUid)
  try {
    return work()
  } finally {
    process.seteuid(0)
  }
}
