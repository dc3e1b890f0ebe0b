// tests/verbs/oracle.mjs — writes tests/data/verbs/duckdb.expected: what DuckDB answers to a
// set of queries over the project's real ledgers (data/projects.csv, funds.csv, targets.csv,
// visits.csv), one query per verb or group of verbs of issue 15 (round, ratio, cast, map,
// fill_null, coalesce, case, `..`, concat_ws, the string and date methods, rename, labelled
// select, distinct, melt, describe, slice), so that tests/lua/verbs_duckdb_spec.lua can
// recompute each with qy's verbs and compare them value by value in `make test` without
// DuckDB.
//
//   npm install --prefix bench --no-audit --no-fund --no-package-lock   # once (bench/ pins DuckDB)
//   node tests/verbs/oracle.mjs                                         # rewrites duckdb.expected
//
// The ledgers are read with the column types qy.read_csv gives them (int64 BIGINT, decimal(2)
// DECIMAL(18,2), date DATE, bool BOOLEAN, string VARCHAR; an empty field is null) and a row
// number `rn`, the row's position in the file (DuckDB keeps no order, so every query that
// has one orders by rn). Each query is written in DuckDB's own functions; where DuckDB's
// semantics differ from qy's documented ones the SQL is adapted and a comment says how; a
// verb whose semantics DuckDB cannot express is left out (see the end of this file).
//
// duckdb.expected, one item a line; a cell is escaped ("\\N" null, "\\\\", "\\t", "\\n"):
//   duckdb VERSION
//   query NAME            then, for each result column:
//   column NAME TYPE      DuckDB's name and type (DESCRIBE)
//   rows N                then N lines: the row's cells, tab-separated: DuckDB's CAST(x AS
//                         VARCHAR) (decimals at their scale, dates ISO, bools true/false),
//                         doubles as JavaScript's shortest round-trip text
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const duckdbPath = createRequire(join(root, 'bench', 'package.json')).resolve('@duckdb/node-api');
const { DuckDBInstance, version } = await import(duckdbPath);

const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;
const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

// Each ledger's columns with the types qy.read_csv gives them (checked by the spec too).
const ledgers = {
  p: ['projects.csv', { id: 'BIGINT', name: 'VARCHAR', county: 'VARCHAR', industry: 'VARCHAR',
    investor: 'VARCHAR', province: 'VARCHAR', region: 'VARCHAR', event: 'VARCHAR',
    sign_date: 'DATE', amount: 'DECIMAL(18,2)', kind: 'VARCHAR', status: 'VARCHAR',
    start_date: 'DATE', digital: 'BOOLEAN' }],
  f: ['funds.csv', { project_id: 'BIGINT', month: 'VARCHAR', funds: 'DECIMAL(18,2)' }],
  t: ['targets.csv', { county: 'VARCHAR', year: 'BIGINT', target: 'DECIMAL(18,2)' }],
  v: ['visits.csv', { id: 'BIGINT', date: 'DATE', unit: 'VARCHAR', leader_led: 'BOOLEAN',
    destination: 'VARCHAR', enterprises: 'BIGINT' }],
};

function loadLedger(table, [file, columns]) {
  const types = Object.entries(columns).map(([n, ty]) => `${sqlString(n)}: ${sqlString(ty)}`);
  const csv = `read_csv(${sqlString(join(root, 'data', file))}, header=true, quote='"', escape='"', ` +
    `allow_quoted_nulls=false, columns={${types.join(', ')}})`;
  return `CREATE TABLE ${table} AS SELECT row_number() OVER () AS rn, * FROM ${csv}`;
}

// describe's columns computed from aggregates, one SELECT per column of the ledger:
// count and nulls, distinct non-null values, min and max as text, mean for numbers.
function describeSql(table) {
  const parts = Object.entries((ledgers[table] ?? views[table])[1]).map(([name, type], i) => {
    const c = quoteIdent(name);
    const numeric = type === 'BIGINT' || type.startsWith('DECIMAL');
    return `SELECT ${i} AS k, ${sqlString(name)} AS "column", count(${c}) AS "count", ` +
      `count(*) - count(${c}) AS nulls, count(DISTINCT ${c}) AS "distinct", ` +
      `CAST(min(${c}) AS VARCHAR) AS "min", CAST(max(${c}) AS VARCHAR) AS "max", ` +
      `${numeric ? `avg(${c})` : 'CAST(NULL AS DOUBLE)'} AS mean FROM ${table}`;
  });
  return `SELECT * EXCLUDE k FROM (${parts.join(' UNION ALL ')}) ORDER BY k`;
}

// qy.ratio's rule in integers: n/d (times k = 10^scale, times 100 more for percent)
// rounded half away from zero, null for a zero divisor; n and d are integers of one scale
// (cents), so nothing goes through a DOUBLE. The caller scales the integer back down
// (times 0.01 for scale 2: an exact DECIMAL product).
const macros = [
  `CREATE MACRO cents(x) AS CAST(x * 100 AS HUGEINT)`,
  `CREATE MACRO ratio_half(n, d, k) AS CASE WHEN d = 0 THEN NULL ELSE
     CAST(sign(n) * sign(d) * ((2 * abs(n) * k + abs(d)) // (2 * abs(d))) AS DECIMAL(38,0)) END`,
];

// Views for queries on computed columns: their SQL and their columns' types.
const views = {
  d: [`SELECT date_diff('day', sign_date, start_date) AS lag,
         ratio_half(cents(amount), cents(amount - 4.57), 100 * 10) * 0.1 AS p1,
         start_date FROM p`,
      { lag: 'BIGINT', p1: 'DECIMAL(38,1)', start_date: 'DATE' }],
};

const queries = [
  // The ledgers' columns and types here, which the spec checks against qy.read_csv's.
  ['schemas', `SELECT table_name AS ledger, column_name AS "column", data_type AS type
     FROM information_schema.columns
     WHERE table_name IN ('f', 'p', 't', 'v') AND column_name <> 'rn' ORDER BY table_name, ordinal_position`],
  // round: DuckDB's round(DECIMAL, n) is half away from zero, as c:round; the negated
  // amounts check the tie rule below zero; a decimal(4) ratio rounded to 2 and 0 places.
  ['round_amount', `SELECT id, amount, round(amount, 1) AS r1, round(amount, 0) AS r0,
     round(-amount, 1) AS neg_r1,
     round(ratio_half(cents(amount - 10), id * 100, 10000) * 0.0001, 2) AS per_id_r2,
     round(ratio_half(cents(amount - 10), id * 100, 10000) * 0.0001, 0) AS per_id_r0 FROM p ORDER BY rn`],
  ['round_sums', `SELECT county, sum(amount) AS amount, sum(round(amount, 1)) AS r1,
     sum(round(amount, 0)) AS r0, count(*) AS n FROM p GROUP BY county ORDER BY min(rn)`],
  ['round_funds', `SELECT month, sum(funds) AS funds, sum(round(funds, 1)) AS r1
     FROM f GROUP BY month ORDER BY min(rn)`],
  // ratio: each county's 2023 funds as a percent of its 2023 target, at scale 2.
  ['ratio_county', `WITH s AS (SELECT p.county, sum(f.funds) AS funds FROM f JOIN p ON f.project_id = p.id
       WHERE f.month >= '2023' GROUP BY p.county)
     SELECT t.county, s.funds, t.target,
       ratio_half(cents(s.funds), cents(t.target), 100 * 100) * 0.01 AS rate,
       ratio_half(cents(s.funds), cents(t.target), 10000) * 0.0001 AS share
     FROM t JOIN s ON s.county = t.county WHERE t.year = 2023 ORDER BY t.rn`],
  // ratio per funds row against its project's amount (1281 quotients, many ties at 4 places).
  ['ratio_funds', `SELECT f.project_id, f.funds, p.amount,
       ratio_half(cents(f.funds), cents(p.amount), 100 * 10000) * 0.0001 AS pct
     FROM f JOIN p ON f.project_id = p.id ORDER BY f.rn`],
  // ratio with negative dividends and a zero divisor (amount 4.57 - 4.57); by 8 an eighth
  // of the quotients are exact ties (cents ending in 4 mod 8), half of them below zero; an
  // int64 by a number, a decimal by an int64 column.
  ['ratio_signs', `SELECT id, ratio_half(cents(amount - 10), cents(amount), 1000) * 0.001 AS r3,
       ratio_half(cents(amount), cents(amount - 4.57), 100 * 10) * 0.1 AS p1,
       ratio_half(cents(amount - 10), 800, 100) * 0.01 AS eighths,
       ratio_half(id, 8, 10) * 0.1 AS id_eighths,
       ratio_half(cents(amount), id * 100, 10000) * 0.0001 AS per_id
     FROM p ORDER BY rn`],
  // coalesce, fill_null, case, and replace of whole values on the ledger's nulls.
  ['nulls', `SELECT id, coalesce(province, region) AS origin, coalesce(start_date, sign_date) AS start,
       coalesce(event, '无') AS event,
       CASE WHEN amount >= 10 THEN '大' WHEN amount >= 1 THEN '中' ELSE '小' END AS size,
       CASE WHEN start_date >= DATE '2023-01-01' THEN '2023' WHEN event IS NOT NULL THEN event END AS tag,
       coalesce(date_diff('day', sign_date, start_date), -1) AS lag,
       coalesce(CASE WHEN province = '甘肃' THEN amount END, 0) AS local_amount,
       CASE WHEN amount = 4.57 THEN 0 ELSE amount END AS replaced,
       coalesce(ratio_half(cents(amount), cents(amount - 4.57), 100 * 10) * 0.1, id) AS p1_or_id,
       coalesce(start_date, DATE '2099-12-31') AS start_or_end
     FROM p ORDER BY rn`],
  ['nulls_visits', `SELECT id, nullif(enterprises, 4) AS enterprises,
       CASE WHEN leader_led THEN '领导带队' END AS led,
       CASE enterprises WHEN 1 THEN '一' WHEN 2 THEN '二' WHEN 3 THEN '三' ELSE '多' END AS n_text,
       CASE date WHEN DATE '2022-01-01' THEN '元旦' END AS holiday FROM v ORDER BY rn`],
  // map: a lookup with a default; an unlisted value or a null gets it.
  ['map', `SELECT id, CASE digital WHEN true THEN '是' WHEN false THEN '否' END AS digital,
       CASE county WHEN '西峰区' THEN 1 WHEN '庆城县' THEN 2 ELSE 0 END AS code,
       CASE event WHEN '津企庆阳行' THEN '津' END AS event FROM p ORDER BY rn`],
  // cast: numbers exactly, anything to text as c:text writes it, text back to its type.
  ['cast', `SELECT id, CAST(amount AS VARCHAR) AS amount_text, CAST(id AS DECIMAL(18,2)) AS id_dec,
       CAST(amount AS DOUBLE) AS amount_float, CAST(amount AS DECIMAL(18,4)) AS amount4,
       CAST(amount * 100 AS BIGINT) AS cents, CAST(digital AS BIGINT) AS digital,
       CAST(sign_date AS VARCHAR) AS sign_text, CAST(CAST(id AS VARCHAR) AS BIGINT) AS id_back,
       CAST(CAST(start_date AS VARCHAR) AS DATE) AS start_back,
       CAST(CAST(amount AS VARCHAR) AS DECIMAL(18,2)) AS amount_back, CAST(id AS DOUBLE) AS id_float,
       CAST(amount AS DOUBLE) / 3 AS third, CAST(CAST(digital AS VARCHAR) AS BOOLEAN) AS digital_back,
       CAST(CAST(amount AS VARCHAR) AS DOUBLE) AS amount_parsed, CAST(round(amount, 0) AS BIGINT) AS yi
     FROM p ORDER BY rn`],
  // concat_ws: DuckDB skips nulls as qy does, but gives '' where every part is null and qy
  // gives null, so that row is made null here. `..`: DuckDB's || is null when a side is
  // null, as qy's; non-strings are DuckDB's VARCHAR casts (decimals at their scale), a
  // float its shortest round-trip text in both, except that a whole float is "1" in qy
  // (c:text) and "1.0" in DuckDB, so those are written here as integers.
  ['concat', `SELECT id,
       CASE WHEN province IS NULL AND event IS NULL THEN NULL ELSE concat_ws('·', province, event) END AS ws,
       concat_ws('/', county, industry, province) AS ws3,
       county || '·' || CAST(amount AS VARCHAR) AS label, '第' || CAST(id AS VARCHAR) || '号' AS nth,
       event || '：' || county AS ev, county || '7' AS seven,
       CAST(sign_date AS VARCHAR) || '签约' AS signed, CAST(digital AS VARCHAR) || '' AS dg,
       CASE WHEN amount % 3 = 0 THEN CAST(CAST(amount / 3 AS BIGINT) AS VARCHAR)
         ELSE CAST(CAST(amount AS DOUBLE) / 3 AS VARCHAR) END || '' AS third,
       CAST(amount - 10 AS VARCHAR) || '' AS below, CAST(round(amount, 0) AS VARCHAR) || '' AS whole,
       CAST(-id AS VARCHAR) || '' AS neg_id
     FROM p ORDER BY rn`],
  // Strings, by code points (DuckDB's length and substring count code points). substring
  // takes (start, length) where qy's sub takes (i, j); the last two characters, qy's
  // sub(-2), start at length - 1. split_part gives '' for a missing piece and qy null, so
  // that is made null; regexp_extract gives '' where qy's match gives null (no 县), made
  // null too. upper/lower on ASCII letters around CJK (DuckDB would change accented
  // letters too; the ledgers have none). trim: ASCII spaces (DuckDB trims only those), and
  // U+3000 and a tab given to DuckDB's trim as the characters to remove.
  ['strings', `SELECT id, length(name) AS len, substring(name, 3, 3) AS sub35,
       substring(name, 1, 2) AS sub12, substring(name, length(name) - 1) AS last2,
       starts_with(name, '德川') AS starts, suffix(name, '制造项目') AS ends,
       replace(name, '项目', '工程') AS replaced, replace(investor, '示例', '') AS investor,
       CASE WHEN len(string_split(name, '县')) >= 2 THEN split_part(name, '县', 2) END AS after_county,
       split_part(investor, '有限', 1) AS firm,
       upper('Qy-' || county) AS up, lower('QY-' || county || '-Ab') AS low,
       trim('  ' || county || ' ') AS trimmed,
       CASE WHEN contains(name, '县') THEN regexp_extract(name, '^(.*?)县', 1) END AS before_county,
       substring(name, 12, 6) AS sub_far, substring(name, 2, length(name) - 2) AS inner, split_part(name, '县', -1) AS last_piece,
       CASE WHEN len(string_split(investor, '有限')) >= 2 THEN split_part(investor, '有限', 2) END AS firm_rest,
       trim('　' || county || ' ' || chr(9), ' 　' || chr(9)) AS trim_wide
     FROM p ORDER BY rn`],
  // Dates: + INTERVAL n MONTH clamps to the month's end as add_months does (cast back to
  // DATE: DuckDB's sum is a TIMESTAMP); date_diff('day', a, b) is qy.days_between(a, b);
  // isodow is weekday; strftime knows %Y %m %d %-m %-d %j %y %%.
  ['dates', `SELECT id, sign_date + 30 AS d30, CAST(sign_date + INTERVAL 1 MONTH AS DATE) AS m1,
       CAST(sign_date - INTERVAL 1 MONTH AS DATE) AS m_1, CAST(sign_date + INTERVAL 13 MONTH AS DATE) AS m13,
       CAST(sign_date + to_months(CAST(id AS INTEGER)) AS DATE) AS m_id,
       CAST(sign_date + to_months(-CAST(id AS INTEGER)) AS DATE) AS m_neg_id,
       start_date + 10 AS s10, CAST(start_date + INTERVAL 6 MONTH AS DATE) AS s6,
       date_diff('day', sign_date, start_date) AS lag, date_diff('day', sign_date, DATE '2023-12-31') AS to_end,
       isodow(sign_date) AS weekday, day(sign_date) AS day, isodow(start_date) AS start_weekday,
       year(sign_date) AS year, quarter(sign_date) AS quarter, month(sign_date) AS month,
       strftime(sign_date, '%Y年%-m月%-d日') AS zh, strftime(start_date, '%Y/%m/%d %j %y %%') AS fmt
     FROM p ORDER BY rn`],
  // The same over 1958..2086 (sign_date ± id months): leap years, other centuries' weekdays.
  ['dates_far', `WITH m AS (SELECT rn, id, CAST(sign_date + to_months(CAST(id AS INTEGER)) AS DATE) AS later,
       CAST(sign_date - to_months(CAST(id AS INTEGER)) AS DATE) AS earlier FROM p)
     SELECT id, isodow(later) AS weekday, day(later) AS day, strftime(later, '%j %y %-m/%-d') AS later_fmt,
       isodow(earlier) AS earlier_weekday, strftime(earlier, '%Y %j %y') AS earlier_fmt,
       date_diff('day', earlier, later) AS span, later - 365 AS back365, quarter(earlier) AS quarter
     FROM m ORDER BY rn`],
  ['dates_visits', `SELECT id, isodow(date) AS weekday, day(date) AS day, strftime(date, '%-m/%-d %j') AS md,
       CAST(date + INTERVAL 1 MONTH AS DATE) AS m1, date_diff('day', date, DATE '2022-01-01') AS since,
       date_diff('day', DATE '2022-01-01', date) AS until
     FROM v ORDER BY rn`],
  // day and weekday of "YYYY-MM" month strings: their first day.
  ['dates_months', `SELECT month, isodow(CAST(month || '-01' AS DATE)) AS weekday,
       day(CAST(month || '-01' AS DATE)) AS day FROM f GROUP BY month ORDER BY min(rn)`],
  ['rename', `SELECT county AS 县区, year, target AS 目标 FROM t ORDER BY rn`],
  ['select_labelled', `SELECT county AS 县区, amount AS "金额(亿元)", id, amount * 10000 AS 万元,
       year(sign_date) AS 年份 FROM p ORDER BY rn`],
  // distinct keeps first appearances in order: GROUP BY ordered by the first row number
  // (GROUP BY groups nulls, as distinct does).
  ['distinct_two', `SELECT county, industry FROM p GROUP BY ALL ORDER BY min(rn)`],
  ['distinct_nulls', `SELECT province, event FROM p GROUP BY ALL ORDER BY min(rn)`],
  ['distinct_all', `SELECT unit, destination, leader_led FROM v GROUP BY ALL ORDER BY min(rn)`],
  ['distinct_keep_all', `SELECT * EXCLUDE rn FROM f
     QUALIFY row_number() OVER (PARTITION BY project_id ORDER BY rn) = 1 ORDER BY rn`],
  // melt is UNPIVOT INCLUDE NULLS (the SQL-standard form: DuckDB's own drops nulls), row by row in the value columns' order.
  ['melt_dates', `WITH w AS (SELECT rn, id, sign_date, start_date FROM p)
     SELECT id, variable, value FROM
       w UNPIVOT INCLUDE NULLS (value FOR variable IN (sign_date, start_date))
     ORDER BY rn, variable = 'start_date'`],
  // int64 and decimal(2) meet as decimals (DuckDB's DECIMAL(21,2)).
  ['melt_mixed', `WITH w AS (SELECT rn, county, id, amount FROM p)
     SELECT county, variable, value FROM
       w UNPIVOT (value FOR variable IN (id, amount))
     ORDER BY rn, variable = 'amount'`],
  ['melt_strings', `WITH w AS (SELECT rn, id, province, event, county FROM p)
     SELECT id, 字段, 值 FROM
       w UNPIVOT INCLUDE NULLS (值 FOR 字段 IN (province, event, county))
     ORDER BY rn, list_position(['province', 'event', 'county'], 字段)`],
  ['describe_projects', describeSql('p')],
  ['describe_funds', describeSql('f')],
  ['describe_targets', describeSql('t')],
  ['describe_visits', describeSql('v')],
  // describe of computed columns with nulls: days (int64), a ratio (decimal(1)), dates.
  ['describe_derived', describeSql('d')],
  ['slice_middle', `SELECT * EXCLUDE rn FROM p ORDER BY rn LIMIT 21 OFFSET 99`],
  ['slice_last', `SELECT * EXCLUDE rn FROM v ORDER BY rn OFFSET (SELECT count(*) - 5 FROM v)`],
  ['slice_none', `SELECT * EXCLUDE rn FROM t ORDER BY rn LIMIT 0`],
];
// Left out: sample (qy draws with its own SplitMix64 generator, DuckDB with another: no
// common answer), t:rows() (a Lua iterator, nothing DuckDB computes), match with Lua
// patterns beyond the one above (Lua patterns are not regular expressions; `.` is a byte),
// round on float64 and float → decimal casts: qy works on the double's exact binary value
// (round(2.675, 2) is 2.67, as is the cast of 2.675 to decimal(2); the cast takes what
// "%.2f" prints, so 0.125 is 0.12), DuckDB on the double times 10^scale (2.68 both, and the
// cast of 0.125 is 0.13); and sub with i <= 0 (SQL's substring(s, 0, n) gives n - 1
// characters, string.sub's rule clips i to 1).

const escapeCell = (v) => (v === null ? '\\N'
  : v.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n'));

function doubleText(x) {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return String(x);
}

async function queryText(con, name, sql) {
  const types = (await con.runAndReadAll(`DESCRIBE ${sql}`)).getRows().map((r) => [r[0], r[1]]);
  const select = types.map(([n, ty]) => (ty === 'DOUBLE' ? quoteIdent(n)
    : `CAST(${quoteIdent(n)} AS VARCHAR)`)).join(', ');
  const rows = (await con.runAndReadAll(`SELECT ${select} FROM (${sql})`)).getRows();
  const out = [`query ${name}`, ...types.map(([n, ty]) => `column ${escapeCell(n)} ${ty}`),
    `rows ${rows.length}`];
  for (const row of rows) {
    out.push(row.map((v, i) => escapeCell(v !== null && types[i][1] === 'DOUBLE' ? doubleText(v) : v)).join('\t'));
  }
  return out;
}

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run('SET threads = 1');   // row_number() OVER () numbers the rows in file order
for (const [table, ledger] of Object.entries(ledgers)) await con.run(loadLedger(table, ledger));
for (const m of macros) await con.run(m);
for (const [name, [sql]] of Object.entries(views)) await con.run(`CREATE VIEW ${name} AS ${sql}`);
// projects.csv's ids are its row numbers: a check that rn is the file's order.
const misnumbered = (await con.runAndReadAll('SELECT count(*) FROM p WHERE rn <> id')).getRows()[0][0];
if (misnumbered !== 0n) throw new Error(`rn is not the file order (${misnumbered} rows of projects.csv)`);
const out = [`duckdb ${version()}`];
for (const [name, sql] of queries) out.push(...await queryText(con, name, sql));
writeFileSync(join(root, 'tests', 'data', 'verbs', 'duckdb.expected'), out.join('\n') + '\n');
console.log(`${queries.length} queries written to tests/data/verbs/duckdb.expected`);
