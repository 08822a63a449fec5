// The reference route of tools/bench/parquet-export.sh, step 2: DuckDB converts each CSV file to Parquet
// (`COPY (SELECT * FROM read_csv(..)) TO '..parquet'`), or, with "check", reads the exported Parquet files back and
// prints one line per file: its row count, column count and compression codecs (parquet_metadata).
// Usage: node parquet-duckdb.mjs convert CSV_DIR OUT_DIR TABLE... | check PARQUET_DIR TABLE...
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, ...args] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
if (mode === 'convert') {
  const [csvDir, outDir, ...tables] = args;
  for (const table of tables)
    await connection.run(`COPY (SELECT * FROM read_csv(${quote(`${csvDir}/${table}.csv`)})) TO ${quote(`${outDir}/${table}.parquet`)} (FORMAT parquet)`);
} else if (mode === 'check') {
  const [dir, ...tables] = args;
  for (const table of tables) {
    const file = quote(`${dir}/${table}.parquet`);
    const rows = (await connection.runAndReadAll(`SELECT count(*)::BIGINT FROM read_parquet(${file})`)).getRows()[0][0];
    const columns = (await connection.runAndReadAll(`SELECT count(*)::BIGINT FROM (DESCRIBE SELECT * FROM read_parquet(${file}))`)).getRows()[0][0];
    const codecs = (await connection.runAndReadAll(`SELECT string_agg(DISTINCT compression, ',') FROM parquet_metadata(${file})`)).getRows()[0][0];
    console.log(`${table} ${rows} ${columns} ${codecs}`);
  }
} else {
  console.error('usage: node parquet-duckdb.mjs convert CSV_DIR OUT_DIR TABLE... | check PARQUET_DIR TABLE...');
  process.exit(2);
}
