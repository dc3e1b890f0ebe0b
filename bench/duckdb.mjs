// bench/duckdb.mjs — the benchmark's queries in DuckDB (in memory), for comparing with
// bench/queries.lua. Usage: node bench/duckdb.mjs LEDGER.csv RUNS OUTDIR
// Loads the CSV into a table first (not timed), with amount and funds read as
// DECIMAL(18,2), so DuckDB's sums are exact like qylua's. Each query materialises its
// result as a table (as a qylua verb returns one); the median of RUNS runs is printed
// as "time NAME MS", then each result is written to OUTDIR/NAME.csv for the checker.
import { DuckDBInstance } from '@duckdb/node-api';
import { performance } from 'node:perf_hooks';

const [path, runsArg, outdir] = process.argv.slice(2);
const runs = Number(runsArg);

// name, the timed query, what is written for the checker (from table r).
const queries = [
  ['group_county',
   `SELECT county, count(*) AS n, sum(amount) AS amount, sum(funds) AS funds
      FROM p GROUP BY county ORDER BY county`,
   'SELECT * FROM r'],
  ['pivot_quarter',
   `PIVOT (SELECT county, amount, year(sign_date) || 'Q' || quarter(sign_date) AS q
             FROM p WHERE year(sign_date) = 2023)
      ON q USING sum(amount) GROUP BY county`,
   'SELECT * FROM r'],
  ['filter_group',
   `SELECT industry, count(*) AS n, sum(amount) AS amount FROM p
      WHERE kind = '新建' AND amount >= 0.05 AND year(sign_date) = 2023 GROUP BY industry`,
   'SELECT * FROM r'],
  ['top10',
   'SELECT * FROM p ORDER BY amount DESC, id LIMIT 10',
   'SELECT id, county, amount FROM r'],
  ['dense_rank',
   `SELECT county, industry, funds,
           dense_rank() OVER (PARTITION BY county ORDER BY funds DESC) AS rank
      FROM (SELECT county, industry, sum(funds) AS funds FROM p GROUP BY county, industry)`,
   'SELECT * FROM r'],
  ['count_distinct',
   'SELECT county, count(DISTINCT investor) AS investors FROM p GROUP BY county',
   'SELECT * FROM r'],
  ['sort',
   'SELECT * FROM p ORDER BY county, amount DESC, id',
   'SELECT id FROM r'],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const quote = (s) => `'${s.replaceAll("'", "''")}'`;

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
let t0 = performance.now();
await con.run(`CREATE TABLE p AS SELECT * FROM read_csv(${quote(path)}, header = true,
                 types = {'amount': 'DECIMAL(18,2)', 'funds': 'DECIMAL(18,2)'})`);
const threads = (await con.runAndReadAll("SELECT current_setting('threads') AS t")).getRows()[0][0];
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
