#!/bin/sh
# mk/fuzz.sh SECONDS NAME... — `make fuzz`: runs each harness build/fuzz/NAME
# for SECONDS, one after another on one core, on its committed corpus
# fuzz/corpus/NAME. New inputs go to build/fuzz/NAME.new/ and a crash to
# build/fuzz/NAME-crash-*, never into the committed corpus; the log is
# build/fuzz/NAME.log. Exits 1 when any harness found a crash.
set -u
seconds=$1; shift
failed=""
for name in "$@"; do
    mkdir -p "build/fuzz/$name.new"
    echo "  FUZZ    $name for ${seconds}s (log: build/fuzz/$name.log)"
    if build/fuzz/"$name" -max_total_time="$seconds" -timeout=30 \
           -artifact_prefix="build/fuzz/$name-" \
           "build/fuzz/$name.new" "fuzz/corpus/$name" >"build/fuzz/$name.log" 2>&1; then
        grep -E '^#[0-9]+' "build/fuzz/$name.log" | tail -n 1
    else
        tail -n 30 "build/fuzz/$name.log"
        failed="$failed $name"
    fi
done
[ -z "$failed" ] && { echo "fuzz: every harness ran clean"; exit 0; }
echo "fuzz: found a crash in:$failed (inputs in build/fuzz/)"
exit 1
