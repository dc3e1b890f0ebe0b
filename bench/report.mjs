// bench/report.mjs — issue 7's whole report in DuckDB (node-api), timed as a process
// by bench/run.sh beside bench/report.lua. Usage: node bench/report.mjs LEDGER.csv
// Reads the CSV into an in-memory table (amount, funds DECIMAL(18,2)), runs the first
// five queries of bench/ledger_queries.mjs once, each materialised as a table, and
// prints the digest line of bench/report.lua, then "threads N" (DuckDB's threads).
import { DuckDBInstance } from '@duckdb/node-api';
import { loadLedger, queries } from './ledger_queries.mjs';

const REPORT = 5;  // group_county, pivot_quarter, filter_group, top10, dense_rank
const path = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const threads = await loadLedger(con, path);
const one = async (sql) => (await con.runAndReadAll(sql)).getRows()[0];

const rows = {};
for (const [name, sql] of queries.slice(0, REPORT)) {
  await con.run(`CREATE TABLE ${name} AS ${sql}`);
  rows[name] = (await one(`SELECT count(*) FROM ${name}`))[0];
}
const [n] = await one('SELECT count(*) FROM p');
const [amount, funds] = await one('SELECT sum(amount)::VARCHAR, sum(funds)::VARCHAR FROM group_county');
const [pivotCols] = await one(
  "SELECT count(*) FROM information_schema.columns WHERE table_name = 'pivot_quarter'");
console.log(`rows ${n}; group_county ${rows.group_county} sums ${amount} ${funds}; ` +
            `pivot_quarter ${rows.pivot_quarter}x${pivotCols}; filter_group ${rows.filter_group}; ` +
            `top10 ${rows.top10}; dense_rank ${rows.dense_rank}`);
console.log(`threads ${threads}`);
