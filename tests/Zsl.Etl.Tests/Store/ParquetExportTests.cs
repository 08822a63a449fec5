using Dapper;
using DuckDB.NET.Data;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Etl.Tests.Store;

public class ParquetExportTests
{
    [Fact]
    public async Task Every_WordNet_table_exports_with_typed_columns_and_DuckDB_reads_back_the_same_rows()
    {
        var dir = TestPaths.NewTempDirectory();
        var written = await ParquetExporter.ExportDatabaseAsync(WordNetDatabase.Path, dir);
        Assert.Equal(["lemmas", "lexnames", "morphological_exceptions", "pointers", "synsets", "verb_frames"],
            written.Select(w => w.Table));

        using var sqlite = Database.OpenReadOnly(WordNetDatabase.Path);
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        foreach (var file in written)
        {
            var expected = sqlite.ExecuteScalar<long>($"SELECT count(*) FROM \"{file.Table}\"");
            Assert.Equal(expected, file.Rows);
            Assert.Equal(expected, duck.ExecuteScalar<long>($"SELECT count(*)::BIGINT FROM read_parquet('{file.Path}')"));
        }

        // types: integers stay integers, text stays text, nullable columns keep their nulls
        var types = duck.Query<(string Name, string Type)>($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{Path.Combine(dir, "lemmas.parquet")}'))")
            .ToDictionary(c => c.Name, c => c.Type);
        Assert.Equal("VARCHAR", types["lemma"]);
        Assert.Equal("BIGINT", types["tag_count"]);
        Assert.Equal("BIGINT", types["sense_rank"]);
        Assert.Equal(sqlite.ExecuteScalar<long>("SELECT count(*) FROM lemmas WHERE marker IS NULL"),
            duck.ExecuteScalar<long>($"SELECT count(*)::BIGINT FROM read_parquet('{Path.Combine(dir, "lemmas.parquet")}') WHERE marker IS NULL"));

        // content: the same rows, compared on a digest of a whole table
        const string digest = "SELECT string_agg(wnid || '|' || lemma || '|' || sense_key || '|' || tag_count, ';' ORDER BY wnid, word_number) FROM {0}";
        var fromSqlite = sqlite.ExecuteScalar<string>(string.Format(digest, "lemmas").Replace("string_agg(", "group_concat(").Replace(" ORDER BY wnid, word_number)", ")"));
        var fromParquet = duck.ExecuteScalar<string>(string.Format(digest, $"read_parquet('{Path.Combine(dir, "lemmas.parquet")}')"));
        Assert.Equal(fromSqlite, fromParquet);
        Assert.Equal("a member of the genus Canis", duck.ExecuteScalar<string>(
            $"SELECT split_part(definition, ' (', 1) FROM read_parquet('{Path.Combine(dir, "synsets.parquet")}') WHERE wnid = 'n02084071'"));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp-*"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Every_storage_class_and_null_round_trips_through_DuckDB()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "types.sqlite");
        Database.BuildAtomically(db, c => c.Execute("""
            CREATE TABLE typed (id INTEGER NOT NULL, count INTEGER, score REAL, ratio DOUBLE NOT NULL, flag BOOLEAN, name TEXT, data BLOB);
            INSERT INTO typed VALUES (1, 42, 0.5, 1.25, 1, 'chien', x'00ff10'), (2, NULL, NULL, -3, 0, NULL, NULL),
                                     (3, -7, 2, 1e300, NULL, 'été ★', x''), (4, 9007199254740993, 1.0, 0, 1, '123', x'41');
            """));
        var written = await ParquetExporter.ExportDatabaseAsync(db, dir, ["typed"]);
        var file = written.Single().Path;
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        var types = duck.Query<(string Name, string Type)>($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{file}'))")
            .Select(c => $"{c.Name} {c.Type}");
        Assert.Equal(["id BIGINT", "count BIGINT", "score DOUBLE", "ratio DOUBLE", "flag BOOLEAN", "name VARCHAR", "data BLOB"], types);
        var rows = duck.Query<(long Id, long? Count, double? Score, double Ratio, bool? Flag, string? Name, string? Data)>(
            $"SELECT id, count, score, ratio, flag, name, hex(data) FROM read_parquet('{file}') ORDER BY id").ToArray();
        Assert.Equal((1L, (long?)42, (double?)0.5, 1.25, (bool?)true, "chien", "00FF10"), rows[0]);
        Assert.Equal((2L, (long?)null, (double?)null, -3.0, (bool?)false, (string?)null, (string?)null), rows[1]);
        Assert.Equal((3L, (long?)-7, (double?)2.0, 1e300, (bool?)null, "été ★", ""), rows[2]);
        Assert.Equal((4L, (long?)9007199254740993, (double?)1.0, 0.0, (bool?)true, "123", "41"), rows[3]);
        Assert.Equal("ZSTD", duck.ExecuteScalar<string>($"SELECT string_agg(DISTINCT compression, ',') FROM parquet_metadata('{file}')"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task A_value_that_does_not_fit_its_column_is_named_and_nothing_is_written()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "bad.sqlite");
        Database.BuildAtomically(db, c => c.Execute("CREATE TABLE counts (word TEXT, n INTEGER); INSERT INTO counts VALUES ('a', 1), ('b', 'many'), ('c', 3);"));
        var error = await Assert.ThrowsAsync<DataFormatException>(() => ParquetExporter.ExportDatabaseAsync(db, Path.Combine(dir, "out"), ["counts"]));
        Assert.Contains("table counts", error.Message);
        Assert.Equal(2, error.Line);
        Assert.Contains("column n holds many (TEXT), expected an integer", error.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "out")));
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Parallel_and_sequential_exports_write_the_same_bytes_in_row_groups()
    {
        var (one, two) = (TestPaths.NewTempDirectory(), TestPaths.NewTempDirectory());
        var sequential = await ParquetExporter.ExportDatabaseAsync(WordNetDatabase.Path, one, parallelism: 1);
        var parallel = await ParquetExporter.ExportDatabaseAsync(WordNetDatabase.Path, two, parallelism: 4);
        Assert.Equal(sequential.Select(w => (w.Table, w.Rows)), parallel.Select(w => (w.Table, w.Rows)));
        foreach (var (a, b) in sequential.Zip(parallel))
            Assert.True(File.ReadAllBytes(a.Path).AsSpan().SequenceEqual(File.ReadAllBytes(b.Path)), $"{a.Table} differs");
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        // pointers (377,592 rows) spans 4 row groups: streamed, not held whole
        Assert.Equal(4L, duck.ExecuteScalar<long>($"SELECT count(DISTINCT row_group_id)::BIGINT FROM parquet_metadata('{Path.Combine(two, "pointers.parquet")}')"));
        Directory.Delete(one, true);
        Directory.Delete(two, true);
    }

    [Fact]
    public async Task Unknown_tables_are_refused()
    {
        var dir = TestPaths.NewTempDirectory();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => ParquetExporter.ExportDatabaseAsync(WordNetDatabase.Path, dir, ["synsets", "nope"]));
        Assert.Contains("no table nope", error.Message);
        Assert.Empty(Directory.GetFiles(dir));
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("INTEGER", typeof(long))]
    [InlineData("BIGINT", typeof(long))]
    [InlineData("TEXT", typeof(string))]
    [InlineData("VARCHAR(10)", typeof(string))]
    [InlineData("REAL", typeof(double))]
    [InlineData("DOUBLE PRECISION", typeof(double))]
    [InlineData("BLOB", typeof(byte[]))]
    [InlineData("BOOLEAN", typeof(bool))]
    [InlineData("", typeof(string))]
    public void Declared_types_map_by_SQLite_affinity(string declared, Type expected)
        => Assert.Equal(expected, ColumnSpec.From("c", declared, notNull: true).ClrType);
}
