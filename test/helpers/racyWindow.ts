/**
 * Waits until files written just now are older than a file system's tick (a few milliseconds on
 * Linux), as a user's edits are when they start a build. A build stamps a file written within a
 * tick of it as racy (its stamp may hide an edit) and reads it again next time, as git does: a
 * test that expects the next build to find nothing changed writes its files, then waits.
 */
export function pastRacyWindow(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 25))
}
