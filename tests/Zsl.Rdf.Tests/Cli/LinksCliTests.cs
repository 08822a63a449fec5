using Zsl.TestKit;

namespace Zsl.Rdf.Tests.Cli;

/// <summary>etl links and export rdf --content links end to end, in process: help, errors, skipped lines, the round trip.</summary>
[Collection(nameof(ConsoleCollection))]
public class LinksCliTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory();

    public void Dispose() => Directory.Delete(_dir, true);

    private static Task<(int Exit, string Out, string Error)> Run(params string[] args)
        => InProcessCli.RunAsync(typeof(Program).Assembly, args);

    [Fact]
    public async Task Links_load_skip_bad_lines_and_export_as_rdf()
    {
        var (helpExit, helpOut, helpError) = await Run("etl", "links", "--help");
        Assert.True(helpExit == 0, helpError);
        Assert.Contains("--babelnet-wordnet", helpOut);

        var db = WordNetDatabase.CopyTo(_dir);
        var fernando = Path.Combine(_dir, "fernando.txt");
        File.WriteAllText(fernando, "2084071\tdog\t4269567#Dog#100.0\n2127808\tbig_cat\t6020215#Big_cat\n1608432\tkite\t16843#Kite#100.0\n");
        var (exit, _, error) = await Run("etl", "links", "--db", db, "--mirror", _dir, "--fernando", fernando);
        Assert.Equal(1, exit);
        Assert.Contains($"{fernando}:2: field 3 (page): expected pageid#Title#confidence", error);

        (exit, var output, error) = await Run("etl", "links", "--db", db, "--mirror", _dir, "--fernando", fernando, "--skip-invalid");
        Assert.True(exit == 0, error);
        Assert.Contains("fernando: 2 records from 3 lines", output);
        Assert.Contains("skipped 1 invalid lines", output);
        Assert.Contains("one article for 2 synsets", output);

        var nt = Path.Combine(_dir, "links.nt");
        (exit, output, error) = await Run("export", "rdf", "--content", "links", "--db", db, "--out", nt);
        Assert.True(exit == 0, error);
        Assert.Contains("2 other links", output);
        Assert.Contains("<urn:zsl:link:fernando:n02084071:en.wikipedia.org/wiki/Dog> <http://purl.org/dc/terms/source> \"fernando\" .", File.ReadAllLines(nt));
        (exit, output, error) = await Run("etl", "rdf", "--db", db, nt);
        Assert.True(exit == 0, error);
        Assert.Contains("wordnet_wikipedia_links: 2", output);
    }
}
