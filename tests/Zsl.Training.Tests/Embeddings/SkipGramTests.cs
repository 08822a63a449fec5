using Zsl.TestKit;
using Zsl.Text;
using Zsl.WordVectors;

namespace Zsl.Training.Tests.Embeddings;

public class SkipGramTests
{
    private static double Cosine(SkipGramVectors v, string a, string b)
    {
        var x = v.Vector(v.Words.ToList().IndexOf(a));
        var y = v.Vector(v.Words.ToList().IndexOf(b));
        double dot = 0, nx = 0, ny = 0;
        for (var i = 0; i < x.Length; i++) { dot += x[i] * y[i]; nx += x[i] * x[i]; ny += y[i] * y[i]; }
        return dot / Math.Sqrt(nx * ny);
    }

    [Fact]
    public void On_the_Brown_corpus_the_days_of_the_week_are_each_others_neighbours()
    {
        var vectors = SkipGram.Train(new BrownCorpus(TestPaths.Shared("corpora", "brown")).Documents(),
                                     new SkipGramOptions { Dimension = 32, Epochs = 3, Seed = 7 });
        Assert.True(vectors.Tokens > 1_000_000, $"{vectors.Tokens} tokens");
        string[] days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        string[] others = ["government", "church", "water", "tax", "music", "wife", "car", "business", "money", "house"];
        foreach (var day in days)
        {
            var nearest = days.Concat(others).Where(w => w != day).MaxBy(w => Cosine(vectors, day, w))!;
            Assert.True(days.Contains(nearest), $"{day}: nearest of the candidates is {nearest}");
        }
    }

    [Fact]
    public void The_same_corpus_and_seed_give_the_same_file_and_another_seed_another()
    {
        var corpus = new PlainTextCorpus([TestPaths.Shared("vectors", "lee_background.cor")]);
        var options = new SkipGramOptions { Dimension = 16, Epochs = 2, Seed = 3 };
        var directory = TestPaths.NewTempDirectory("zsl-skipgram");
        try
        {
            string Write(SkipGramOptions o, string name)
            {
                var path = Path.Combine(directory, name);
                SkipGram.Train(corpus.Documents(), o).WriteVec(path);
                return path;
            }
            var (a, b, c) = (Write(options, "a.vec"), Write(options, "b.vec"), Write(options with { Seed = 4 }, "c.vec"));
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
            Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(c));
            // The file reads back through the project's word-vector reader, most frequent word first.
            var read = WordVectorReader.Read(a).ToList();
            Assert.Equal("the", read[0].Word);
            Assert.All(read, v => Assert.Equal(16, v.Vector.Length));
            Assert.Equal(int.Parse(File.ReadLines(a).First().Split(' ')[0]), read.Count);
            Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
        }
        finally { Directory.Delete(directory, true); }
    }

    [Fact]
    public void Too_small_a_corpus_or_bad_options_fail_clearly()
    {
        var error = Assert.Throws<InvalidDataException>(() => SkipGram.Train(["one two three"], new SkipGramOptions()));
        Assert.Contains("of at least 3 occurrences", error.Message);
        Assert.Throws<ArgumentException>(() => SkipGram.Train(["a a a b b b"], new SkipGramOptions { Dimension = 0 }));
        Assert.Throws<ArgumentException>(() => SkipGram.Train(["a a a b b b"], new SkipGramOptions { Window = 0 }));
    }
}
