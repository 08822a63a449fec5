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
        Assert.Equal(["lemmas", "lexnames", "morphological_exceptions", "pointers", "synsets", "verb_frames", "wordnet_index"],
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
