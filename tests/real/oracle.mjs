// tests/real/oracle.mjs — writes tests/data/real/NAME.expected for each real CSV file named
// in tests/real/manifest: what DuckDB reads from it, so that tests/lua/real_csv_spec.lua can
// compare qy.read_csv with DuckDB in `make test` without DuckDB.
//
//   npm install --prefix bench --no-audit --no-fund --no-package-lock   # once (bench/ pins DuckDB)
//   node tests/real/oracle.mjs            # every file of the manifest
//   node tests/real/oracle.mjs NAME.csv   # some of them
//
// Each file is read twice with the same dialect: sniffed (DuckDB's types) and all_varchar
// (the raw text of every cell). The dialect DuckDB is given, for both reads, is the one
// qy.read_csv uses, so that only the typing is DuckDB's own: RFC 4180 (quote and escape
// '"'), a quoted empty field is an empty string, not null (allow_quoted_nulls=false), no
// lines skipped (skip=0: DuckDB's sniffer would take a data row for the header of a file
// whose header is short), and the file's options from the manifest, which qy.read_csv
// gets too: delim (default ","), header, null (a list: nullstr), on_ragged=pad
// (null_padding); a "duckdb.KEY=VALUE" option goes to DuckDB alone (e.g. an encoding).
//
// NAME.expected, one item a line; a cell is escaped ("\\N" null, "\\\\", "\\n", "\\r", "\\t",
// "\\=" for a cell that is "="):
//   duckdb VERSION
//   rows N
//   column NAME TYPE      then N lines: each cell's raw text (all_varchar)
//   typed                 then N lines: each cell's typed value as text; only when TYPE is
//                         not VARCHAR. Integers and dates as DuckDB casts them to text
//                         (dates ISO), doubles as JavaScript's shortest round-trip text
//                         (nan, inf, -inf for the specials); "=" when that is the raw text.
//   error MESSAGE         instead of all that, when DuckDB cannot read the file
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const dataDir = join(root, 'tests', 'data', 'real');
const duckdbPath = createRequire(join(root, 'bench', 'package.json')).resolve('@duckdb/node-api');
const { DuckDBInstance, version } = await import(duckdbPath);

// The manifest's file lines: "NAME.csv key=value ...", indented lines are the spec's.
function readManifest() {
  const files = [];
  for (const line of readFileSync(join(here, 'manifest'), 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#') || /^\s/.test(line)) continue;
    const [name, ...opts] = line.trim().split(/\s+/);
    const options = {};
    for (const o of opts) {
      const eq = o.indexOf('=');
      options[o.slice(0, eq)] = o.slice(eq + 1);
    }
    files.push({ name, options });
  }
  return files;
}

const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;
const delimText = (d) => (d === 'tab' ? '\t' : d);

function readCsvCall(path, options, allVarchar) {
  const args = [sqlString(path), "quote='\"'", "escape='\"'", 'allow_quoted_nulls=false',
                `header=${options.header !== 'false'}`, `skip=${Number(options.skip ?? 0)}`,
                `delim=${sqlString(delimText(options.delim ?? ','))}`];
  if (options.null) args.push(`nullstr=[${options.null.split(',').map(sqlString).join(', ')}]`);
  if (options.on_ragged === 'pad') args.push('null_padding=true');
  for (const [key, value] of Object.entries(options)) {
    if (key.startsWith('duckdb.')) args.push(`${key.slice(7)}=${sqlString(value)}`);
  }
  if (allVarchar) args.push('all_varchar=true');
  return `read_csv(${args.join(', ')})`;
}

const escapeCell = (v) => (v === null ? '\\N' : v === '=' ? '\\='
  : v.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('\t', '\\t'));

function doubleText(x) {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return String(x);
}

const isDouble = (type) => type === 'DOUBLE' || type === 'FLOAT';
const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

async function expectedText(con, path, options) {
  const raw = await con.runAndReadAll(`SELECT * FROM ${readCsvCall(path, options, true)}`);
  const names = raw.columnNames();
  const rawRows = raw.getRows();
  const described = await con.runAndReadAll(`DESCRIBE SELECT * FROM ${readCsvCall(path, options, false)}`);
  const types = described.getRows().map((r) => r[1]);
  // Typed values as text: doubles go to JavaScript as numbers, the rest are cast by DuckDB.
  const select = names.map((n, i) => (isDouble(types[i]) ? quoteIdent(n)
    : `CAST(${quoteIdent(n)} AS VARCHAR)`)).join(', ');
  const typedRows = (await con.runAndReadAll(`SELECT ${select} FROM ${readCsvCall(path, options, false)}`)).getRows();
  if (typedRows.length !== rawRows.length) throw new Error('typed and raw reads differ in rows');
  const out = [`duckdb ${version()}`, `rows ${rawRows.length}`];
  names.forEach((name, c) => {
    out.push(`column ${escapeCell(name)} ${types[c]}`);
    for (const row of rawRows) out.push(escapeCell(row[c]));
    if (types[c] === 'VARCHAR') return;
    out.push('typed');
    typedRows.forEach((row, r) => {
      const v = row[c] === null ? null : isDouble(types[c]) ? doubleText(row[c]) : row[c];
      out.push(v !== null && v === rawRows[r][c] ? '=' : escapeCell(v));
    });
  });
  return out.join('\n') + '\n';
}

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const wanted = new Set(process.argv.slice(2));
for (const { name, options } of readManifest()) {
  if (wanted.size && !wanted.has(name)) continue;
  const path = join(dataDir, name);
  let text;
  try {
    text = await expectedText(con, path, options);
  } catch (e) {
    text = `duckdb ${version()}\nerror ${escapeCell(String(e.message).split('\n')[0])}\n`;
  }
  const out = join(dataDir, basename(name).replace(/\.[^.]*$/, '') + '.expected');
  writeFileSync(out, text);
  console.log(`${name}: ${text.startsWith(`duckdb ${version()}\nerror`) ? text.split('\n')[1] : 'ok'}`);
}
