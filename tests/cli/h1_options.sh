# Bad options get a usage message and exit code 2.
"$QYLUA" scripts/h1.lua --bogus; echo "rc $?"
"$QYLUA" scripts/h1.lua --year; echo "rc $?"
"$QYLUA" scripts/h1.lua --format md,rtf
