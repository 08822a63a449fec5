using Dapper;
using Zsl.Store;
using Zsl.TestKit;
using Zsl.Text;

namespace Zsl.Etl.Tests.Text;

public class LemmaCounterTests
{
    private sealed record Docs(params string[] Texts) : ICorpus
    {
        public string Name => "docs";
        public IEnumerable<string> Documents() => Texts;
    }

    [Fact]
    public void Counts_and_cooccurrence_in_a_window_that_stays_inside_documents()
    {
        var corpus = new Docs(
            "The car has a wheel. You drive the car on the road.",
            "wheel wheel car",
            "A bird has wings and a beak; the polar bear has no wings.");
        var counts = LemmaCounter.Count(corpus, ["car", "bird", "polar_bear", "bear", "cassowary"],
            new CooccurrenceSpec(["car", "bird"], ["wheel", "drive", "wings"], Window: 3));
        Assert.Equal(3, counts.Counts["car"]);
        Assert.Equal(1, counts.Counts["polar bear"]);
        Assert.Equal(1, counts.Counts["bear"]);
        Assert.Equal(0, counts.Counts["cassowary"]);
        Assert.Equal(5, counts.Counts.Count);
        Assert.Equal(3, counts.Documents);
        Assert.Equal(12 + 3 + 13, counts.Tokens);
        var car = counts.Cooccurrences.Where(c => c.Lemma == "car").ToDictionary(c => c.Word);
        // car #1 (token 1): window the | has a wheel -> 4 tokens; car #2 (token 8): you drive the | on the road -> 6; car #3 (last of doc 2): wheel wheel -> 2
        Assert.Equal(3, car["wheel"].Count);
        Assert.Equal(1, car["drive"].Count);
        Assert.Equal(12, car["wheel"].ContextTokens);
        Assert.Equal(3.0 / 12, car["wheel"].P, 12);
        var bird = counts.Cooccurrences.Where(c => c.Lemma == "bird").ToDictionary(c => c.Word);
        Assert.Equal(1, bird["wings"].Count); // the second "wings" is 11 tokens away
        Assert.Equal(1, bird["wings"].LemmaOccurrences);
    }

    [Fact]
    public void Brown_corpus_counts_match_a_direct_count_of_its_tagged_words()
    {
        var brown = new BrownCorpus(TestPaths.Shared("corpora", "brown"));
        var counts = LemmaCounter.Count(brown, ["jury", "grand jury", "house", "white house", "atlanta"]);
        // direct count over the word/tag files, independent of the tokenizer and the trie
        long jury = 0, grandJury = 0;
        foreach (var file in Directory.GetFiles(TestPaths.Shared("corpora", "brown")).Where(f => Path.GetFileName(f).Length == 4 && Path.GetFileName(f)[0] == 'c'))
        {
            // words without their tags, then split at anything but letters and digits ("jury's" holds the token "jury")
            var words = File.ReadAllText(file).Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(t => System.Text.RegularExpressions.Regex.Split(t[..t.LastIndexOf('/')].ToLowerInvariant(), @"[^\p{L}\p{N}]+"))
                .Where(w => w.Length > 0).ToArray();
            jury += words.Count(w => w == "jury");
            for (var i = 0; i + 1 < words.Length; i++) if (words[i] == "grand" && words[i + 1] == "jury") grandJury++;
        }
        Assert.Equal(500, counts.Documents);
        Assert.InRange(counts.Tokens, 1_000_000, 1_200_000);
        Assert.Equal(jury, counts.Counts["jury"]);
        Assert.Equal(grandJury, counts.Counts["grand jury"]);
        Assert.True(jury > 50 && grandJury > 5);
    }

    [Fact]
    public void Word_counts_replace_only_their_own_source()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = WordNetDatabase.CopyTo(dir);
        using (var c = Database.OpenReadWrite(db))
        {
            c.ExecuteScript("corpus/word-counts-schema.sql");
            c.Execute("INSERT INTO word_counts (word, count, source) VALUES ('dog', 12345, 'subtlex-us')");
        }
        var lemmas = LemmaCounter.NounLemmas(db, LemmaCounter.ReadWnids(TestPaths.Shared("imagenet", "ilsvrc2012_wnids.txt")));
        Assert.Contains("cairn", lemmas);
        var text = Path.Combine(dir, "corpus.txt");
        File.WriteAllText(text, "A cairn terrier and a dog.\nThe Cairn is near the tabby.\n");
        for (var run = 0; run < 2; run++)
        {
            var counts = LemmaCounter.Count(new PlainTextCorpus([text]), lemmas);
            Zsl.Text.StageDatabase.Run(db, (c, t) => LemmaCounter.SaveWordCounts(c, t, counts, "test"));
        }
        using var r = Database.OpenReadOnly(db);
        Assert.Equal(12345, r.ExecuteScalar<long>("SELECT count FROM word_counts WHERE source = 'subtlex-us' AND word = 'dog'"));
        Assert.Equal(2, r.ExecuteScalar<long>("SELECT count FROM word_counts WHERE source = 'test' AND word = 'cairn'"));
        Assert.Equal(1, r.ExecuteScalar<long>("SELECT count FROM word_counts WHERE source = 'test' AND word = 'cairn terrier'"));
        Assert.Equal(lemmas.Select(Tokenizer.Key).Distinct().Count(), r.ExecuteScalar<long>("SELECT count(*) FROM word_counts WHERE source = 'test'"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Bad_wnid_lists_name_the_line()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "wnids.txt");
        File.WriteAllText(path, "n02084071\ndog\n");
        var error = Assert.Throws<DataFormatException>(() => LemmaCounter.ReadWnids(path));
        Assert.Equal(2, error.Line);
        Directory.Delete(dir, true);
    }
}
