// bench/ledger_queries.mjs — the benchmark's seven queries in DuckDB's SQL, shared by
// bench/duckdb.mjs (each query timed on a table in memory) and bench/report.mjs (the
// first five as one report, timed as a whole process). The ledger is table p.
// name, the timed query, what is written for the checker (from table r).
export const queries = [
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

export const quote = (s) => `'${s.replaceAll("'", "''")}'`;

// Reads the ledger at path into table p, amount and funds as DECIMAL(18,2) so sums are
// exact like qylua's; returns the number of threads DuckDB uses.
export async function loadLedger(con, path) {
  await con.run(`CREATE TABLE p AS SELECT * FROM read_csv(${quote(path)}, header = true,
                   types = {'amount': 'DECIMAL(18,2)', 'funds': 'DECIMAL(18,2)'})`);
  return (await con.runAndReadAll("SELECT current_setting('threads') AS t")).getRows()[0][0];
}
