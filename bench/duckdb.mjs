// bench/duckdb.mjs — the benchmark's queries in DuckDB (in memory), for comparing with
// bench/queries.lua. Usage: node bench/duckdb.mjs LEDGER.csv RUNS OUTDIR
// Loads the CSV into a table first (not timed), with amount and funds read as
// DECIMAL(18,2), so DuckDB's sums are exact like qylua's. Each query materialises its
// result as a table (as a qylua verb returns one); the median of RUNS runs is printed
// as "time NAME MS", then each result is written to OUTDIR/NAME.csv for the checker.
import { DuckDBInstance } from '@duckdb/node-api';
import { performance } from 'node:perf_hooks';
import { loadLedger, queries, quote } from './ledger_queries.mjs';

const [path, runsArg, outdir] = process.argv.slice(2);
const runs = Number(runsArg);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
let t0 = performance.now();
const threads = await loadLedger(con, path);
console.log(`load ${(performance.now() - t0).toFixed(1)} threads ${threads}`);
for (const [name, sql, output] of queries) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    await con.run('DROP TABLE IF EXISTS r');
    t0 = performance.now();
    await con.run(`CREATE TABLE r AS ${sql}`);
    times.push(performance.now() - t0);
  }
  console.log(`time ${name} ${median(times).toFixed(2)}`);
  await con.run(`COPY (${output}) TO ${quote(`${outdir}/${name}.csv`)} (HEADER, DELIMITER ',')`);
}
