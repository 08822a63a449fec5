using System.Text.Json;
using DuckDB.NET.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Etl.Tests.Store;

public class QueryRunnerTests
{
    [Theory]
    [InlineData("DELETE FROM synsets")]
    [InlineData("DROP TABLE lemmas")]
    [InlineData("CREATE TABLE x(a)")]
    [InlineData("UPDATE synsets SET definition = ''")]
    public void Users_sql_cannot_change_the_database(string sql)
    {
        var before = File.GetLastWriteTimeUtc(WordNetDatabase.Path);
        Assert.Throws<SqliteException>(() => QueryRunner.Run(WordNetDatabase.Path, sql));
        Assert.Equal(before, File.GetLastWriteTimeUtc(WordNetDatabase.Path));
    }

    [Theory]
    [InlineData("VACUUM INTO '{dir}/copy.db'")]
    [InlineData("VACUUM")]
    [InlineData("ATTACH DATABASE '{dir}/attached.db' AS side")]
    [InlineData("SELECT load_extension('{dir}/extension.so')")]
    [InlineData("INSERT INTO synsets (wnid) VALUES ('n99999999')")]
    [InlineData("CREATE TEMP TABLE scratch AS SELECT * FROM synsets")]
    [InlineData("CREATE VIEW v AS SELECT 1")]
    [InlineData("CREATE INDEX i ON lemmas(lemma, wnid)")]
    [InlineData("ALTER TABLE synsets ADD COLUMN extra TEXT")]
    [InlineData("ANALYZE")]
    [InlineData("REINDEX")]
    [InlineData("PRAGMA user_version = 7")]
    [InlineData("PRAGMA journal_mode = DELETE")]
    [InlineData("PRAGMA optimize")]
    [InlineData("SELECT 1; VACUUM INTO '{dir}/second.db'")]
    public void Statements_that_write_or_create_files_are_refused_before_they_run(string template)
    {
        var dir = TestPaths.NewTempDirectory();
        var before = (File.GetLastWriteTimeUtc(WordNetDatabase.Path), new FileInfo(WordNetDatabase.Path).Length);
        var error = Assert.Throws<SqliteException>(() => QueryRunner.Run(WordNetDatabase.Path, template.Replace("{dir}", dir)));
        Assert.Contains("authoriz", error.Message); // refused when prepared, before anything ran
        Assert.Empty(Directory.GetFileSystemEntries(dir));
        Assert.Equal(before, (File.GetLastWriteTimeUtc(WordNetDatabase.Path), new FileInfo(WordNetDatabase.Path).Length));
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("PRAGMA table_info(synsets)", 6)]
    [InlineData("SELECT name FROM pragma_table_info('lemmas')", 8)]
    [InlineData("PRAGMA page_size", 1)]
    [InlineData("WITH RECURSIVE up(w) AS (SELECT 'n02084071' UNION SELECT parent FROM hypernym_edges JOIN up ON child = w) SELECT w FROM up", 15)]
    [InlineData("SELECT upper(lemma), length(lemma) FROM lemmas WHERE wnid = 'n02084071'", 3)]
    public void Reading_statements_still_run(string sql, int rows)
        => Assert.Equal(rows, QueryRunner.Run(WordNetDatabase.Path, sql).Rows.Count);

    [Fact]
    public async Task Csv_and_json_outputs_are_well_formed()
    {
        const string sql = "SELECT wnid, lemma, tag_count, NULL AS missing FROM lemmas WHERE wnid IN ('n02084071', 'n02121620') ORDER BY wnid, word_number";
        var csv = new StringWriter();
        await QueryRunner.WriteAsync(WordNetDatabase.Path, sql, QueryFormat.Csv, null, csv);
        var lines = csv.ToString().TrimEnd().Split('\n');
        Assert.Equal("wnid,lemma,tag_count,missing", lines[0]);
        Assert.Contains("n02084071,Canis familiaris,0,", lines);

        var json = new StringWriter();
        await QueryRunner.WriteAsync(WordNetDatabase.Path, sql, QueryFormat.Json, null, json);
        var rows = JsonDocument.Parse(json.ToString()).RootElement.EnumerateArray().ToArray();
        Assert.Equal(lines.Length - 1, rows.Length);
        Assert.Equal(42, rows.Single(r => r.GetProperty("lemma").GetString() == "dog").GetProperty("tag_count").GetInt64());
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("missing").ValueKind);
    }

    [Fact]
    public async Task Parquet_output_is_typed_and_written_atomically()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "result.parquet");
        await QueryRunner.WriteAsync(WordNetDatabase.Path, "SELECT lexname, count(*) AS n, avg(length(definition)) AS mean_length FROM synsets GROUP BY lexname ORDER BY lexname",
            QueryFormat.Parquet, path, TextWriter.Null);
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        Assert.Equal(45, duck.ExecuteScalar<long>($"SELECT count(*)::BIGINT FROM read_parquet('{path}')"));
        Assert.Equal(82_115, duck.ExecuteScalar<long>($"SELECT sum(n)::BIGINT FROM read_parquet('{path}') WHERE lexname LIKE 'noun.%'"));
        Assert.Equal(["result.parquet"], Directory.GetFiles(dir).Select(Path.GetFileName));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void A_missing_database_is_named() =>
        Assert.Contains("/nowhere/zsl.sqlite", Assert.Throws<FileNotFoundException>(() => QueryRunner.Run("/nowhere/zsl.sqlite", "SELECT 1")).Message);
}
