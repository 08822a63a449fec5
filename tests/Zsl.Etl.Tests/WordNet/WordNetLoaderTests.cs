using Dapper;
using Zsl.Store;
using Zsl.TestKit;
using Zsl.WordNet;

namespace Zsl.Etl.Tests.WordNet;

public class WordNetLoaderTests
{
    private static string CopyOfWordNet()
    {
        var dir = TestPaths.NewTempDirectory("zsl-wn");
        foreach (var file in WordNetLoader.RequiredFiles) File.Copy(Path.Combine(TestPaths.WordNetSource, file), Path.Combine(dir, file));
        return dir;
    }

    [Fact]
    public void A_corrupt_file_fails_with_file_and_line_and_leaves_the_previous_database_untouched()
    {
        var source = CopyOfWordNet();
        var verbs = Path.Combine(source, "data.verb");
        var lines = File.ReadAllLines(verbs);
        // the 100th synset line is cut short after its first word, as a truncated download would leave it
        var at = Array.FindIndex(lines, l => !l.StartsWith(' ')) + 99;
        lines[at] = string.Join(' ', lines[at].Split(' ').Take(5));
        File.WriteAllText(verbs, string.Join('\n', lines) + "\n");

        var output = TestPaths.NewTempDirectory("zsl-out");
        var db = Path.Combine(output, "zsl.sqlite");
        File.WriteAllText(db, "previous content");
        var error = Assert.Throws<DataFormatException>(() => WordNetLoader.Load(source, db));
        Assert.Contains($"data.verb:{at + 1}:", error.Message);
        Assert.Contains("lex_id of word 1", error.Message);
        Assert.Equal("previous content", File.ReadAllText(db));
        Assert.Equal(["zsl.sqlite"], Directory.GetFiles(output).Select(Path.GetFileName));
        Directory.Delete(source, true);
        Directory.Delete(output, true);
    }

    [Fact]
    public void Missing_files_are_named_before_anything_is_written()
    {
        var source = TestPaths.NewTempDirectory("zsl-wn");
        File.WriteAllText(Path.Combine(source, "data.noun"), "");
        var output = TestPaths.NewTempDirectory("zsl-out");
        var error = Assert.Throws<FileNotFoundException>(() => WordNetLoader.Load(source, Path.Combine(output, "zsl.sqlite")));
        Assert.Contains("data.verb", error.Message);
        Assert.Contains("cntlist.rev", error.Message);
        Assert.Empty(Directory.GetFiles(output));
        Assert.Throws<DirectoryNotFoundException>(() => WordNetLoader.Load(Path.Combine(source, "nope"), Path.Combine(output, "zsl.sqlite")));
        Directory.Delete(source, true);
        Directory.Delete(output, true);
    }

    [Fact]
    public void Rerunning_replaces_the_database_with_identical_content()
    {
        var output = TestPaths.NewTempDirectory("zsl-out");
        var db = Path.Combine(output, "zsl.sqlite");
        File.Copy(WordNetDatabase.Path, db);
        var summary = WordNetLoader.Load(TestPaths.WordNetSource, db);
        Assert.Equal((117_659L, 206_978L), (summary.Synsets, summary.Lemmas));
        using (var rebuilt = Database.OpenReadOnly(db))
        using (var original = Database.OpenReadOnly(WordNetDatabase.Path))
        {
            const string digest = "SELECT group_concat(wnid || lexname || definition, '|') FROM (SELECT * FROM synsets ORDER BY wnid LIMIT 5000)";
            Assert.Equal(original.ExecuteScalar<string>(digest), rebuilt.ExecuteScalar<string>(digest));
        }
        Directory.Delete(output, true);
    }
}
