using Zsl.TestKit;

namespace Zsl.Rdf.Tests.Cli;

/// <summary>The rdf commands end to end, in process: help, exit codes, errors on standard error.</summary>
[Collection(nameof(ConsoleCollection))]
public class RdfCliTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static Task<(int Exit, string Out, string Error)> Run(params string[] args)
        => InProcessCli.RunAsync(typeof(Program).Assembly, args);

    [Fact]
    public async Task Rdf_commands_check_load_and_report()
    {
        foreach (var command in new[] { new[] { "rdf", "check" }, ["rdf", "stats"], ["export", "rdf"], ["etl", "rdf"] })
        {
            var (helpExit, _, helpError) = await Run([.. command, "--help"]);
            Assert.True(helpExit == 0, $"{string.Join(' ', command)} --help: {helpError}");
        }

        var (exit, _, error) = await Run("rdf", "check", Fixture("dirty.nq"));
        Assert.Equal(1, exit);
        Assert.Contains("dirty.nq:4:62: expected '\"' to close the literal", error);

        (exit, var output, _) = await Run("rdf", "check", "--skip-invalid", Fixture("dirty.nq"));
        Assert.Equal(0, exit);
        Assert.Contains("5 statements", output);
        Assert.Contains("skipped 3 invalid lines", output);

        var dir = TestPaths.NewTempDirectory();
        try
        {
            var classes = Path.Combine(dir, "classes.txt");
            File.WriteAllLines(classes, ["n02084071", "n02121808"]);
            (exit, output, error) = await Run("etl", "rdf", "--db", Path.Combine(dir, "lod.sqlite"), "--classes", classes,
                Fixture("babelnet-lemon-sample.nt"), Fixture("dbpedia-sample.nt"));
            Assert.True(exit == 0, error);
            Assert.Contains("5 synsets", output);
            Assert.Contains("1 (50.0 %) a Wikipedia page", output.ReplaceLineEndings(" ").Replace("  ", " "));
        }
        finally { Directory.Delete(dir, true); }
    }
}

/// <summary>The in-process CLI tests redirect the process-wide console: they run one at a time, apart from other tests.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;
