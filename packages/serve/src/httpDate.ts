const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)'
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)'
const MONTH = `(${MONTHS.join('|')})`
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})'
// RFC 9110 §5.6.7: the preferred IMF-fixdate and the two obsolete forms a recipient must accept.
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`)
const RFC850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`)
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`)

/** A two-digit year more than 50 years ahead is the most recent past year with those digits (RFC 9110 §5.6.7). */
function fullYear(twoDigits: number): number {
  const now = new Date().getUTCFullYear()
  const year = now - (now % 100) + twoDigits
  return year > now + 50 ? year - 100 : year
}

function utc(year: number, month: string, day: string, hours: string, minutes: string, seconds: string): number | undefined {
  const monthIndex = MONTHS.indexOf(month)
  const [d, h, m, s] = [Number(day), Number(hours), Number(minutes), Number(seconds)]
  // Leap seconds (60) are allowed by the grammar; Date folds them into the next minute.
  if (h > 23 || m > 59 || s > 60) return undefined
  const time = Date.UTC(year, monthIndex, d, h, m, s)
  // Date.UTC rolls 31 Feb over into March: such a day is not a date.
  return new Date(time).getUTCDate() === d || s === 60 ? time : undefined
}

/**
 * Milliseconds since the epoch of an HTTP-date (`Sun, 06 Nov 1994 08:49:37 GMT`, or the
 * obsolete RFC 850 and asctime forms), or `undefined` for anything else: unlike `Date.parse`,
 * `99999`, ISO dates and years past 9999 are not HTTP-dates, and RFC 9110 says to ignore them.
 */
export function parseHttpDate(value: string): number | undefined {
  const text = value.trim()
  let match = IMF_FIXDATE.exec(text)
  if (match) return utc(Number(match[3]), match[2]!, match[1]!, match[4]!, match[5]!, match[6]!)
  match = RFC850.exec(text)
  if (match) return utc(fullYear(Number(match[3])), match[2]!, match[1]!, match[4]!, match[5]!, match[6]!)
  match = ASCTIME.exec(text)
  if (match) return utc(Number(match[6]), match[1]!, match[2]!.trim(), match[3]!, match[4]!, match[5]!)
  return undefined
}
