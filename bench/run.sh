#!/bin/sh
# bench/run.sh — `make bench`: qylua's analytics verbs against DuckDB and pandas on
# the same in-memory ledger, and the CSV load beside libcsv's bare parse.
#
#   make bench                          # 1M and 10M rows, median of 5 runs
#   ROWS=1000000 RUNS=3 make bench      # one size, fewer runs
#
# For each size in ROWS it writes bench/data/projects-ROWS.csv (bench/genledger.c:
# SYNTHETIC rows with data/projects.csv's columns plus funds, deterministic), then
#   1. the load: qy.read_csv beside libcsv's bare parse (wall seconds, peak memory);
#   2. the seven queries of bench/queries.lua, bench/duckdb.mjs and
#      bench/pandas_queries.py, each peer loading the CSV first (not timed): median
#      ms of RUNS runs side by side, with the ratios qylua/DuckDB and qylua/pandas;
#   3. whether the answers agree (bench/check.lua against qylua's, which is exact).
# The peers are installed here, not committed: DuckDB with npm under bench/node_modules
# (@duckdb/node-api, pinned in bench/package.json), pandas from Debian (python3-pandas).
set -eu
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000 10000000}
RUNS=${RUNS:-5}
BIN=${QY_BIN:-.}
OBJ=${QY_OBJ:-build}
PYTHON=/usr/bin/python3        # Debian's, which python3-pandas installs into

mkdir -p bench/data "$OBJ/bench"
cc -O2 -o "$OBJ/bench/csvparse" bench/csvparse.c -lcsv
cc -O2 -o "$OBJ/bench/genledger" bench/genledger.c

# ---- the peers -------------------------------------------------------------
if [ ! -d bench/node_modules/@duckdb/node-api ]; then
    echo "installing DuckDB for Node into bench/node_modules"
    npm install --prefix bench --no-audit --no-fund --no-package-lock >/dev/null
fi
if ! "$PYTHON" -c 'import pandas' 2>/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "bench needs pandas: sudo apt-get install -y python3-pandas" >&2
        exit 1
    fi
    echo "installing python3-pandas"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-pandas >/dev/null
fi

# ---- the load --------------------------------------------------------------
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

load() {  # the CSV file
    bytes=$(wc -c <"$1")
    echo "load: $1 — $rows rows, $((bytes / 1048576)) MiB (synthetic); median of $RUNS runs"
    runs libcsv_bare "$OBJ/bench/csvparse" "$1"
    runs libcsv_keep_spaces "$OBJ/bench/csvparse" "$1" --keep-spaces
    runs qylua_startup "$BIN/qylua" -e ''
    runs qy_read_csv "$BIN/qylua" -e "qy.read_csv('$1')"
    awk -v a="$secs_qy_read_csv" -v b="$secs_libcsv_bare" -v c="$secs_libcsv_keep_spaces" 'BEGIN {
        printf "ratio qy.read_csv / libcsv bare parse:        %.2f\n", a / b
        printf "ratio qy.read_csv / libcsv keep-spaces parse: %.2f\n", a / c
    }'
}

# ---- the queries -----------------------------------------------------------
# Each peer prints "load MS ...", "time NAME MS" (or n/a) and maybe "error NAME: ...".
queries() {  # the CSV file, the output folder
    out=$2
    rm -rf "$out"
    mkdir -p "$out/qylua" "$out/duckdb" "$out/pandas"
    "$BIN/qylua" bench/queries.lua "$1" "$RUNS" "$out/qylua" >"$out/qylua.txt"
    node bench/duckdb.mjs "$1" "$RUNS" "$out/duckdb" >"$out/duckdb.txt"
    "$PYTHON" bench/pandas_queries.py "$1" "$RUNS" "$out/pandas" >"$out/pandas.txt"
    threads=$(awk '$1 == "load" { print $4 }' "$out/duckdb.txt")
    pandas=$(awk '$1 == "load" { print $4 }' "$out/pandas.txt")
    echo
    echo "queries: $rows rows in memory, median ms of $RUNS runs" \
         "(qylua up to 2 threads: take and aggregate; DuckDB $threads threads; pandas $pandas)"
    awk '
        FNR == 1 { peer++ }
        $1 == "time" { if (peer == 1) order[++n] = $2; ms[peer, $2] = $3 }
        function ratio(a, b) { return (a == "n/a" || b == "n/a") ? "n/a" : sprintf("%.2f", a / b) }
        END {
            printf "%-16s %10s %10s %10s %14s %14s\n", "query", "qylua", "DuckDB", "pandas",
                   "qylua/DuckDB", "qylua/pandas"
            for (i = 1; i <= n; i++) {
                q = order[i]
                printf "%-16s %10s %10s %10s %14s %14s\n", q, ms[1, q], ms[2, q], ms[3, q],
                       ratio(ms[1, q], ms[2, q]), ratio(ms[1, q], ms[3, q])
            }
        }' "$out/qylua.txt" "$out/duckdb.txt" "$out/pandas.txt"
    sed -n 's/^error /qylua could not run /p' "$out/qylua.txt"
    echo
    echo "answers agree? qylua's money is exact; DuckDB reads amount and funds as" \
         "DECIMAL(18,2), also exact; pandas reads float64, compared rounded to the cent"
    lua5.4 bench/check.lua "$out/qylua" "$out/duckdb" >"$out/check-duckdb.txt" || true
    lua5.4 bench/check.lua "$out/qylua" "$out/pandas" >"$out/check-pandas.txt" || true
    awk '
        FNR == 1 { peer++ }
        {
            name = $1; word = $2; sub(/^[^ ]+ [^ ]+ ?/, "")
            if (peer == 1) order[++n] = name
            short[peer, name] = word == "ok" ? "ok" : word == "skipped:" ? "n/a" : "DIFFERS"
            detail[peer, name] = $0
        }
        END {
            printf "%-16s %-8s %-8s\n", "query", "DuckDB", "pandas"
            for (i = 1; i <= n; i++)
                printf "%-16s %-8s %-8s\n", order[i], short[1, order[i]], short[2, order[i]]
            for (i = 1; i <= n; i++)
                for (p = 1; p <= 2; p++)
                    if (short[p, order[i]] == "DIFFERS")
                        printf "  %s, %s: %s\n", order[i], p == 1 ? "DuckDB" : "pandas", detail[p, order[i]]
        }' "$out/check-duckdb.txt" "$out/check-pandas.txt"
}

for rows in $ROWS; do
    data=bench/data/projects-$rows.csv
    [ -f "$data" ] || { echo "generating $data (synthetic)"; "$OBJ/bench/genledger" "$rows" "$data"; }
    echo
    load "$data"
    queries "$data" "bench/data/out-$rows"
done
