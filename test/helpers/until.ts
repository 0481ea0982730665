/** Polls `check` every 25 ms until it gives a value (not undefined or false); fails after 10 s naming `what`. */
export async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}
