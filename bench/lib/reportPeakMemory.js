// Preloaded with `node --import` into a command under measurement: prints its peak memory as
// the last line of stderr, in the shape collectstatic.py prints it.
process.on('exit', () => process.stderr.write(`\n${JSON.stringify({ maxRSSKiB: process.resourceUsage().maxRSS })}\n`))
