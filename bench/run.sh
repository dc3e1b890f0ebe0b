#!/bin/sh
# bench/run.sh — `make bench`: the CSV load measured beside libcsv's bare parse
# of the same file, medians of RUNS runs, wall seconds and peak memory.
# Data is generated (bench/gen.lua, synthetic) into bench/data/, not committed.
set -eu
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-5}
BIN=${QY_BIN:-.}
OBJ=${QY_OBJ:-build}
DATA=bench/data/ledger-$ROWS.csv

mkdir -p bench/data "$OBJ/bench"
[ -f "$DATA" ] || { echo "generating $DATA (synthetic)"; lua5.4 bench/gen.lua "$ROWS" "$DATA"; }
cc -O2 -o "$OBJ/bench/csvparse" bench/csvparse.c -lcsv

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# One measurement: "seconds peak_kib" of a command, by GNU time.
measure() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -n 1; }

runs() {  # label, command...
    label=$1; shift
    : >"$OBJ/bench/$label"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        measure "$@" >>"$OBJ/bench/$label"
        i=$((i + 1))
    done
    secs=$(cut -d' ' -f1 "$OBJ/bench/$label" | median)
    kib=$(cut -d' ' -f2 "$OBJ/bench/$label" | median)
    printf '%-34s %8s s %10s MiB\n' "$label" "$secs" "$((kib / 1024))"
    eval "secs_$(echo "$label" | tr -c 'a-z0-9\n' '_')=$secs"
}

bytes=$(wc -c <"$DATA")
echo "file: $DATA — $ROWS rows, $((bytes / 1048576)) MiB (synthetic); median of $RUNS runs"
runs libcsv_bare "$OBJ/bench/csvparse" "$DATA"
runs libcsv_keep_spaces "$OBJ/bench/csvparse" "$DATA" --keep-spaces
runs qylua_startup "$BIN/qylua" -e ''
runs qy_read_csv "$BIN/qylua" -e "qy.read_csv('$DATA')"
awk -v a="$secs_qy_read_csv" -v b="$secs_libcsv_bare" -v c="$secs_libcsv_keep_spaces" 'BEGIN {
    printf "ratio qy.read_csv / libcsv bare parse:        %.2f\n", a / b
    printf "ratio qy.read_csv / libcsv keep-spaces parse: %.2f\n", a / c
}'
