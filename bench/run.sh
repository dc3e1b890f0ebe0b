#!/bin/sh
# bench/run.sh — `make bench`: issue 7's whole report as a process in qylua, DuckDB and
# pandas; then qylua's analytics verbs against them on the same in-memory ledger, and
# the CSV load beside libcsv's bare parse.
#
#   make bench                          # 1M and 10M rows, median of 5 runs
#   ROWS=1000000 RUNS=3 make bench      # one size, fewer runs
#   PANDAS=0 make bench                 # without pandas (35-100 s a run at 10M)
#   EXCEL=0 make bench                  # without the Excel read (5 below)
#   CSV=0 make bench                    # only the Excel read (without 1-4)
#
# For each size in ROWS it writes bench/data/projects-ROWS.csv (bench/genledger.c:
# SYNTHETIC rows with data/projects.csv's columns plus funds, deterministic) and
# bench/data/projects-unique-ROWS.csv (the same draws, but, as in a real ledger, a
# unique project code and name per row and investors with commas in quotes:
# `genledger ROWS OUT unique`), then
#   1. the whole report on each ledger, one process per run, timed by the clock
#      (date +%s%N, to the millisecond) with its peak memory by GNU time (%M):
#      load the CSV, then group_county, pivot_quarter, filter_group, top10 and
#      dense_rank (bench/report.lua, bench/report.mjs, bench/report_pandas.py), for
#      qylua from the CSV (its cache removed first), qylua from its columnar cache
#      (qy.read_csv's cache = true, after one untimed run that builds it), DuckDB
#      from the CSV and pandas from the CSV (1 run at 10M rows or more); medians,
#      ratios to DuckDB and the targets (issue 7's on the first ledger, issue 16's
#      on the unique one) by bench/report_table.lua; a variant that fails reads
#      n/a. Each prints a digest line, which must agree;
#   2. the load of each ledger: qy.read_csv beside libcsv's bare parse (wall
#      seconds, peak memory);
#   3. the seven queries of bench/queries.lua, bench/duckdb.mjs and
#      bench/pandas_queries.py, each peer loading the CSV first (not timed): median
#      ms of RUNS runs side by side, with the ratios qylua/DuckDB and qylua/pandas;
#   4. whether the answers agree (bench/check.lua against qylua's, which is exact);
#   5. the Excel read (issue 13): bench/data/ledger-ROWS.xlsx (bench/genxlsx.c: the
#      same rows in 13 columns, one header row) read whole by qy.read_excel
#      (bench/excel_read.lua), pandas.read_excel with openpyxl (bench/excel_pandas.py)
#      and LibreOffice's headless conversion to CSV, one process per run, timed by GNU
#      time; RUNS runs, but pandas and LibreOffice once from 1M rows up (minutes a
#      run); sizes above an Excel sheet's 1048576 rows are skipped. Table, ratios,
#      targets and digests by bench/excel_table.lua. Its own knob is EXCEL; PANDAS
#      does not reach it.
# The peers are installed here, not committed: DuckDB with npm under bench/node_modules
# (@duckdb/node-api, pinned in bench/package.json), pandas from Debian (python3-pandas).
# The Excel read's other peers are not: without python3-openpyxl or LibreOffice
# (soffice) their rows read n/a.
set -eu
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000 10000000}
RUNS=${RUNS:-5}
PANDAS=${PANDAS:-1}
PANDAS_RUNS_AT_10M=1       # a pandas run at 10M rows takes 35 s (measured) to 100 s (issue 7)
EXCEL=${EXCEL:-1}
CSV=${CSV:-1}
BIN=${QY_BIN:-.}
OBJ=${QY_OBJ:-build}
unset QY_CACHE                 # the from-CSV runs must parse: only report.lua's "cache" caches
PYTHON=/usr/bin/python3        # Debian's, which python3-pandas installs into

mkdir -p bench/data "$OBJ/bench"
cc -O2 -o "$OBJ/bench/csvparse" bench/csvparse.c -lcsv
cc -O2 -o "$OBJ/bench/genledger" bench/genledger.c
[ "$EXCEL" = 0 ] || cc -O2 -o "$OBJ/bench/genxlsx" bench/genxlsx.c -lxlsxwriter

# ---- the peers -------------------------------------------------------------
if [ "$CSV" != 0 ] && [ ! -d bench/node_modules/@duckdb/node-api ]; then
    echo "installing DuckDB for Node into bench/node_modules"
    npm install --prefix bench --no-audit --no-fund --no-package-lock >/dev/null
fi
if { [ "$CSV" != 0 ] && [ "$PANDAS" != 0 ] || [ "$EXCEL" != 0 ]; } \
        && ! "$PYTHON" -c 'import pandas' 2>/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "bench needs pandas: sudo apt-get install -y python3-pandas" >&2
        exit 1
    fi
    echo "installing python3-pandas"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-pandas >/dev/null
fi

ledger() {  # the CSV file of $rows rows, written unless it is there; [unique]
    [ -f "$1" ] || { echo "generating $1 (synthetic)"; "$OBJ/bench/genledger" "$rows" "$1" ${2:-}; }
}

# ---- the whole report ------------------------------------------------------
# Appends "run VARIANT SECONDS PEAK_KIB" per run to $facts, or "failed VARIANT
# MESSAGE" at the first failing run (and is false then).
timed_runs() {  # variant, number of runs, command...
    variant=$1; n=$2; shift 2
    i=0
    while [ "$i" -lt "$n" ]; do
        start=$(date +%s%N)
        if ! /usr/bin/time -f "%M" -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr"; then
            echo "failed $variant $(grep -m 1 . "$work/stderr")" >>"$facts"
            return 1
        fi
        end=$(date +%s%N)
        echo "run $variant $(awk -v ns=$((end - start)) 'BEGIN { printf "%.4f", ns / 1e9 }') $(tail -n 1 "$work/time")" >>"$facts"
        i=$((i + 1))
    done
}

# timed_runs, then "digest VARIANT LINE": the first line of the last run's output.
timed() {  # variant, number of runs, command...
    if timed_runs "$@"; then
        echo "digest $1 $(head -n 1 "$work/stdout")" >>"$facts"
    fi
}

report() {  # the CSV file, the output folder, [unique]
    work=$2
    facts=$work/facts.txt
    rm -rf "$work"
    mkdir -p "$work"
    : >"$facts"
    cache=$(dirname "$1")/.qycache
    rm -rf "$cache"                        # so the from-CSV runs really parse
    timed qylua_csv "$RUNS" "$BIN/qylua" bench/report.lua "$1"
    if "$BIN/qylua" bench/report.lua "$1" cache >/dev/null 2>"$work/stderr"; then
        timed qylua_cache "$RUNS" "$BIN/qylua" bench/report.lua "$1" cache
    else
        echo "failed qylua_cache $(grep -m 1 . "$work/stderr")" >>"$facts"
    fi
    timed duckdb "$RUNS" node bench/report.mjs "$1"
    threads=$(sed -n 's/^threads //p' "$work/stdout")
    pandas_runs=$RUNS
    if [ "$rows" -ge 10000000 ] && [ "$RUNS" -gt "$PANDAS_RUNS_AT_10M" ]; then
        pandas_runs=$PANDAS_RUNS_AT_10M
    fi
    [ "$PANDAS" = 0 ] || timed pandas "$pandas_runs" "$PYTHON" bench/report_pandas.py "$1"
    echo "machine: $(nproc) cores; DuckDB uses ${threads:-?} threads; RUNS=$RUNS;" \
         "$([ "$PANDAS" = 0 ] && echo "pandas skipped (PANDAS=0)" || echo "pandas $pandas_runs run(s)")"
    lua5.4 bench/report_table.lua "$rows" "$facts" ${3:-}
}

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
    if [ "$PANDAS" = 0 ]; then
        echo "load n/a skipped (PANDAS=0)" >"$out/pandas.txt"
    else
        "$PYTHON" bench/pandas_queries.py "$1" "$RUNS" "$out/pandas" >"$out/pandas.txt"
    fi
    threads=$(awk '$1 == "load" { print $4 }' "$out/duckdb.txt")
    pandas=$(awk '$1 == "load" { print $4 }' "$out/pandas.txt")
    echo
    echo "queries: $rows rows in memory, median ms of $RUNS runs" \
         "(qylua up to 2 threads: take and aggregate; DuckDB $threads threads; pandas $pandas)"
    awk '
        FNR == 1 { peer++ }
        $1 == "time" { if (peer == 1) order[++n] = $2; ms[peer, $2] = $3 }
        function shown(a) { return a == "" ? "n/a" : a }
        function ratio(a, b) { return (a == "n/a" || b == "n/a" || b == "") ? "n/a" : sprintf("%.2f", a / b) }
        END {
            printf "%-16s %10s %10s %10s %14s %14s\n", "query", "qylua", "DuckDB", "pandas",
                   "qylua/DuckDB", "qylua/pandas"
            for (i = 1; i <= n; i++) {
                q = order[i]
                printf "%-16s %10s %10s %10s %14s %14s\n", q, ms[1, q], ms[2, q], shown(ms[3, q]),
                       ratio(ms[1, q], ms[2, q]), ratio(ms[1, q], ms[3, q])
            }
        }' "$out/qylua.txt" "$out/duckdb.txt" "$out/pandas.txt"
    sed -n 's/^error /qylua could not run /p' "$out/qylua.txt"
    echo
    echo "answers agree? qylua's money is exact; DuckDB reads amount and funds as" \
         "DECIMAL(18,2), also exact; pandas reads float64, compared rounded to the cent"
    lua5.4 bench/check.lua "$out/qylua" "$out/duckdb" >"$out/check-duckdb.txt" || true
    if [ "$PANDAS" = 0 ]; then
        sed 's/ .*/ skipped: PANDAS=0/' "$out/check-duckdb.txt" >"$out/check-pandas.txt"
    else
        lua5.4 bench/check.lua "$out/qylua" "$out/pandas" >"$out/check-pandas.txt" || true
    fi
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

# ---- the Excel read --------------------------------------------------------
EXCEL_MAX_ROWS=1048575         # an Excel sheet's 1048576 rows, less the header
EXCEL_PEER_RUNS_AT_1M=1        # pandas and LibreOffice take minutes a run at 1M rows
SOFFICE_CSV='csv:Text - txt - csv (StarCalc):44,34,76'  # comma, double quote, UTF-8

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# LibreOffice's conversion, then the digest of the CSV it wrote (not timed). It
# runs with a profile of its own, so it never hands the file to another soffice
# running on the machine; an untimed conversion first makes that profile.
libreoffice_csv() {  # the workbook, number of runs
    if ! command -v soffice >/dev/null; then
        echo "failed libreoffice soffice not found (Debian: apt-get install libreoffice-calc)" >>"$facts"
        return 0
    fi
    profile=-env:UserInstallation=file://$(pwd)/$work/libreoffice-profile
    printf 'warm\n1\n' >"$work/warmup.csv"
    soffice --headless "$profile" --convert-to xlsx --outdir "$work" "$work/warmup.csv" >/dev/null 2>&1 || true
    converted=$work/libreoffice/$(basename "$1" .xlsx).csv
    timed_runs libreoffice "$2" soffice --headless "$profile" --convert-to "$SOFFICE_CSV" \
        --outdir "$work/libreoffice" "$1" || return 0
    if [ ! -f "$converted" ]; then
        echo "failed libreoffice wrote no CSV: $(grep -m 1 . "$work/stderr" "$work/stdout" | head -n 1)" >>"$facts"
    elif lua5.4 bench/excel_csv_digest.lua "$converted" >"$work/stdout" 2>"$work/stderr"; then
        echo "digest libreoffice $(head -n 1 "$work/stdout")" >>"$facts"
    else
        echo "failed libreoffice $(grep -m 1 . "$work/stderr")" >>"$facts"
    fi
}

excel() {  # the CSV file, the output folder
    if [ "$rows" -gt "$EXCEL_MAX_ROWS" ]; then
        echo "Excel read: $rows rows skipped (an Excel sheet holds $EXCEL_MAX_ROWS rows below its header)"
        return 0
    fi
    book=bench/data/ledger-$rows.xlsx
    if [ ! -f "$book" ]; then
        ledger "$1"
        echo "generating $book (synthetic)"
        "$OBJ/bench/genxlsx" "$1" "$book"
    fi
    work=$2
    facts=$work/facts.txt
    rm -rf "$work"
    mkdir -p "$work/libreoffice"
    : >"$facts"
    peer_runs=$RUNS
    if [ "$rows" -ge 1000000 ] && [ "$RUNS" -gt "$EXCEL_PEER_RUNS_AT_1M" ]; then
        peer_runs=$EXCEL_PEER_RUNS_AT_1M
    fi
    before=$(loadavg)
    timed qylua "$RUNS" "$BIN/qylua" bench/excel_read.lua "$book"
    if "$PYTHON" -c 'import openpyxl' 2>/dev/null; then
        timed pandas "$peer_runs" "$PYTHON" bench/excel_pandas.py "$book"
    else
        echo "failed pandas no openpyxl (Debian: apt-get install python3-openpyxl)" >>"$facts"
    fi
    libreoffice_csv "$book" "$peer_runs"
    echo "Excel read: $book, $(wc -c <"$book" | awk '{ printf "%.1f", $1 / 1048576 }') MiB (synthetic); RUNS=$RUNS," \
         "pandas and LibreOffice $peer_runs run(s); $(nproc) cores, load average $before" \
         "before, $(loadavg) after"
    lua5.4 bench/excel_table.lua "$rows" "$facts"
}

for rows in $ROWS; do
    data=bench/data/projects-$rows.csv
    unique=bench/data/projects-unique-$rows.csv
    if [ "$CSV" != 0 ]; then
        ledger "$data"
        ledger "$unique" unique
        echo
        report "$data" "bench/data/report-$rows"
        echo
        report "$unique" "bench/data/report-unique-$rows" unique
        echo
        load "$data"
        echo
        load "$unique"
        queries "$data" "bench/data/out-$rows"
    fi
    if [ "$EXCEL" != 0 ]; then
        echo
        excel "$data" "bench/data/excel-$rows"
    fi
done
