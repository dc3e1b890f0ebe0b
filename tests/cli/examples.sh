# The worked examples run from the repository root and print what their
# comments promise (07 prints only the PNG's header facts, not its bytes).
for e in examples/*.lua; do
    echo "== $e"
    "$QYLUA" "$e" || echo "$e failed"
done
