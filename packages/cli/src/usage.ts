/** The text `assetmap --help` prints. */
export const USAGE = `Usage: assetmap <command> [options]

Commands:
  build <dir>... --out <dir>   Hash static folders into <dir>, rewriting references in CSS and JS,
                               and write <dir>/assetmap.json
      --prefix <path>          put every logical name under this path
      --base <url>             default base URL recorded in the manifest (default /static/)
      --release <id>           release id, e.g. a git sha (default: a hash of the content)
      --strict                 fail, listing every broken reference, instead of warning
      --first-wins             when folders hold the same file, use the first folder's (listed)
      --no-originals           do not write the unhashed copies beside the hashed files
      --compress <list>        precompress the output: br,gzip,zstd or all (zstd needs Node >= 22.15)
      --json                   print a machine-readable summary on stdout

  compress <dir>               Write .br/.gz (and .zst) variants beside every file of an output folder,
                               on all cores, and list them in its assetmap.json if it has one
      --encodings <list>       br,gzip,zstd (default: all the running Node supports)
      --json                   print a machine-readable summary on stdout

  publish <dir> --to s3://bucket/prefix
                               Upload a build to S3-compatible storage: content first, manifests last;
                               skips what is already there, so an interrupted publish can be re-run
      --endpoint <url>         an S3-compatible service (MinIO, R2, Spaces); credentials from the AWS
                               environment variables or profile
      --region <name>          default AWS_REGION, else us-east-1
      --concurrency <n>        uploads at a time (default 16)
      --verify                 compare every key against a full listing, even when the bucket's
                               manifest shows this build was published completely
      --dry-run                list the plan only
      --json                   print a machine-readable summary on stdout

  clean <dir> --keep <n>       Delete files of releases beyond the newest <n> (the current one counts):
                               only files no kept manifest names
      --to s3://bucket/prefix  clean the bucket instead of <dir> (with --endpoint, --region)
      --age <duration>         only files at least this old: 90s, 30m, 1h, 7d (default 0)
      --dry-run                list what would go
      --json                   print a machine-readable summary on stdout

  nginx <dir>                  Print an nginx map (for http {}) giving every file the manifests in <dir>
                               name an immutable Cache-Control, others a short one, 404s no-cache
      --location <path>        the URL path nginx serves <dir> under (default /static/)

  inspect <manifest>           Print the manifest as a table
      --check                  verify every listed file exists and matches its integrity
      --templates <dir>        fail, listing them, if templates name assets the manifest lacks
      --json                   print the manifest and the problems as JSON

Exit status: 0 on success, 1 when the command fails or a check finds problems, 2 on bad usage.`
