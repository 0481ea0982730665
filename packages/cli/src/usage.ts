/** The text `assetmap --help` prints. */
export const USAGE = `Usage: assetmap <command> [options]

Commands:
  build <dir>... --out <dir>   Hash static folders into <dir>, rewriting references in CSS and JS,
                               and write <dir>/assetmap.json
      --prefix <path>          put every logical name under this path
      --base <url>             default base URL recorded in the manifest (default /static/)
      --release <id>           release id, e.g. a git sha (default: a hash of the content)
      --strict                 fail, listing every broken reference, instead of warning
      --no-originals           do not write the unhashed copies beside the hashed files
      --compress <list>        precompress the output: br,gzip,zstd or all (zstd needs Node >= 22.15)
      --json                   print a machine-readable summary on stdout

  compress <dir>               Write .br/.gz (and .zst) variants beside every file of an output folder,
                               on all cores, and list them in its assetmap.json if it has one
      --encodings <list>       br,gzip,zstd (default: all the running Node supports)
      --json                   print a machine-readable summary on stdout

  nginx <dir>                  Print an nginx map (for http {}) giving every file the manifests in <dir>
                               name an immutable Cache-Control, others a short one, 404s no-cache
      --location <path>        the URL path nginx serves <dir> under (default /static/)

  inspect <manifest>           Print the manifest as a table
      --check                  verify every listed file exists and matches its integrity
      --templates <dir>        fail, listing them, if templates name assets the manifest lacks
      --json                   print the manifest and the problems as JSON

Exit status: 0 on success, 1 when the command fails or a check finds problems, 2 on bad usage.`
