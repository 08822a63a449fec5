using Zsl.TestKit;

namespace Zsl.Etl.Tests.Cli;

/// <summary>The command line end to end, in process: exit codes, errors on standard error, outputs on disk.</summary>
[Collection(nameof(ConsoleCollection))]
public class CliTests
{
    private static Task<(int Exit, string Out, string Error)> Run(params string[] args)
        => InProcessCli.RunAsync(typeof(Program).Assembly, args);

    [Fact]
    public async Task Etl_then_query_then_export()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "zsl.sqlite");
        var (exit, output, _) = await Run("etl", "wordnet", "--db", db, "--source", TestPaths.WordNetSource);
        Assert.Equal(0, exit);
        Assert.Contains("117,659 synsets", output);

        (exit, output, _) = await Run("query", "--db", db, "--sql", "SELECT count(*) AS n FROM hypernym_edges WHERE child LIKE 'n%'", "--format", "csv");
        Assert.Equal(0, exit);
        Assert.Equal("n\n84427", output.Trim().ReplaceLineEndings("\n"));

        var examples = Path.Combine(TestPaths.RepoRoot, "sql", "examples");
        foreach (var example in Directory.GetFiles(examples, "*.sql"))
        {
            (exit, output, var error) = await Run("query", "--db", db, "--file", example, "--format", "csv");
            Assert.True(exit == 0, $"{example}: {error}");
            Assert.True(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1, $"{example} returned no rows");
        }

        (exit, _, _) = await Run("export", "parquet", "--db", db, "--out", Path.Combine(dir, "parquet"), "--table", "synsets");
        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(dir, "parquet", "synsets.parquet")));
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Errors_are_one_clear_line_and_a_non_zero_exit()
    {
        var dir = TestPaths.NewTempDirectory();
        var (exit, _, error) = await Run("etl", "wordnet", "--db", Path.Combine(dir, "x.sqlite"), "--source", Path.Combine(dir, "missing"));
        Assert.Equal(1, exit);
        Assert.StartsWith("error: WordNet source folder", error);
        Assert.Empty(Directory.GetFiles(dir));

        (exit, _, error) = await Run("query", "--db", WordNetDatabase.Path, "--sql", "DELETE FROM synsets");
        Assert.Equal(1, exit);
        Assert.Contains("not authorized", error);

        var copy = Path.Combine(dir, "copy.db");
        (exit, _, error) = await Run("query", "--db", WordNetDatabase.Path, "--sql", $"VACUUM INTO '{copy}'");
        Assert.Equal(1, exit);
        Assert.StartsWith("error: SQLite Error 23", error);
        Assert.False(File.Exists(copy), "a refused VACUUM INTO left its file");

        (exit, _, error) = await Run("query", "--db", WordNetDatabase.Path);
        Assert.Equal(2, exit);
        Assert.Contains("--sql", error);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Help_explains_every_command_and_subcommand()
    {
        var pages = await HelpPages.CollectAsync(typeof(Program).Assembly);
        foreach (var (command, exit, output) in pages)
        {
            Assert.True(exit == 0, $"zsl {command} --help exits {exit}: {output}");
            Assert.Contains("USAGE", output);
            Assert.DoesNotContain("error:", output);
        }
        // the walk reached every branch and the commands under them
        var commands = pages.Select(p => p.Command).ToHashSet();
        foreach (var expected in new[] { "etl", "etl wordnet", "etl wikipedia", "export parquet", "query", "fetch", "rdf check", "text tfidf", "benchmark publish", "wikipedia link" })
            Assert.Contains(expected, commands);
    }
}

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;
