# qy.report_docx without pandoc or LibreOffice on PATH: the error names the
# package to install, and nothing is left where the file was to go.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/empty" "$tmp/pandoc_only" "$tmp/out"
ln -s "$(command -v pandoc)" "$tmp/pandoc_only/pandoc"
# Under `make valgrind` QYLUA is a script that runs QY_WRAP's program.
# A script, not a link: Debian's valgrind finds its parts beside $0.
if [ -n "${QY_WRAP:-}" ]; then
    wrap=${QY_WRAP%% *}
    for d in empty pandoc_only; do
        printf '#!/bin/sh\nexec %s "$@"\n' "$(command -v "$wrap")" >"$tmp/$d/$wrap"
        chmod +x "$tmp/$d/$wrap"
    done
fi
cat >"$tmp/write.lua" <<'LUA'
local r = require "qy.report_docx"
local doc = { blocks = { { kind = "heading", level = 1, text = "标题" } } }
local ok, err = pcall(r[arg[1]], doc, arg[2])
print(err)
LUA
PATH="$tmp/empty" "$QYLUA" "$tmp/write.lua" write_docx "$tmp/out/r.docx" 2>&1 | sed "s|$tmp|TMP|g"
PATH="$tmp/empty" "$QYLUA" "$tmp/write.lua" write_pdf "$tmp/out/r.pdf" 2>&1 | sed "s|$tmp|TMP|g"
PATH="$tmp/pandoc_only" "$QYLUA" "$tmp/write.lua" write_pdf "$tmp/out/r.pdf" 2>&1 | sed "s|$tmp|TMP|g"
echo "left in out: $(ls -A "$tmp/out" | wc -l)"
