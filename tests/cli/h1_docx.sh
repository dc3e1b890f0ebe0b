# The H1 report as Word (golden): report.docx written with --no-charts, read back
# by pandoc as plain text — headings, paragraphs, numbered captions, every cell.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
"$QYLUA" scripts/h1.lua --no-charts --format docx --out "$tmp/h1" >/dev/null &&
    pandoc -f docx -t plain --wrap=none "$tmp/h1/report.docx"
