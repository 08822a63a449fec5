using Zsl.TestKit;
using Zsl.WordVectors;

namespace Zsl.Training.Tests.Embeddings;

public class ClassVectorTests
{
    private static readonly WordVectorTable Tiny = WordVectorTable.Load(WordVectorReaderTests.Fixture("tiny.glove.txt"));

    [Fact]
    public void A_phrase_token_wins_over_the_average_of_its_words()
    {
        var (vector, match) = ClassVectors.LemmaVector("polar bear", Tiny);
        Assert.Equal(LemmaMatch.JoinedToken, match);
        Assert.Equal([9f, 9f, 9f], vector!);
    }

    [Fact]
    public void Multi_word_lemmas_average_their_words_split_on_spaces_hyphens_and_underscores()
    {
        var (vector, match) = ClassVectors.LemmaVector("jack-in-the-box", Tiny);
        Assert.Equal(LemmaMatch.WordAverage, match);
        Assert.Equal([0.5f, 0.5f, 0.5f], vector!); // (jack + in + the + box) / 4
        Assert.Equal(LemmaMatch.None, ClassVectors.LemmaVector("jack unicorn", Tiny).Match);
    }

    [Fact]
    public void Single_words_fall_back_to_lower_case()
    {
        Assert.Equal(LemmaMatch.Token, ClassVectors.LemmaVector("Dog", Tiny).Match);
        Assert.Equal(LemmaMatch.Token, ClassVectors.LemmaVector("BOX", Tiny).Match);
    }

    [Fact]
    public void Class_vectors_average_lemmas_and_report_coverage()
    {
        var (vectors, coverage) = ClassVectors.Build([("n1", "bear"), ("n1", "Dog"), ("n1", "unicorn"), ("n2", "unicorn")], Tiny);
        var n1 = Assert.Single(vectors);
        Assert.Equal("n1", n1.Key);
        Assert.Equal([1.75f, 1.0f, -1.375f], n1.Vector);
        Assert.Equal(2, coverage.Classes);
        Assert.Equal(1, coverage.CoveredClasses);
        Assert.Equal(4, coverage.Lemmas);
        Assert.Equal(2, coverage.CoveredLemmas);
        Assert.Contains("unicorn", coverage.MissingLemmasSample);
    }

    [Fact]
    public void Gloss_vectors_are_the_mean_of_known_definition_words()
    {
        var vector = GlossVectors.Embed("The box, in (the) jack-box!", Tiny);
        // the, box, in, the, jack-box → jack + box: (the + box + in + the + jack + box) / 6
        Assert.Equal([0.5f, 4f / 6, 0.5f], vector!);
        Assert.Null(GlossVectors.Embed("unicorns everywhere", Tiny));
    }

    [Fact]
    public void Real_wordnet_lemmas_with_the_real_fasttext_file()
    {
        var lemmas = ClassVectors.LemmasFromDatabase(WordNetDatabase.Path, "n");
        var vocabulary = lemmas.SelectMany(l => ClassVectors.CandidateTokens(l.Lemma)).ToHashSet();
        var vectors = WordVectorTable.Load(TestPaths.Shared("vectors", "lee_fasttext.vec"), vocabulary: vocabulary);
        var (rows, coverage) = ClassVectors.Build(lemmas, vectors);
        Assert.Equal(82115, coverage.Classes);
        Assert.Equal(rows.Count, coverage.CoveredClasses);
        Assert.InRange(coverage.CoveredClasses, 1000, 82115);
        Assert.True(coverage.ByMatch[LemmaMatch.WordAverage] > 0);
        Assert.Contains(rows, r => r.Key == "n00007846"); // person
    }

    [Fact]
    public void Primary_meaning_picks_the_sense_whose_neighbours_are_closest()
    {
        // 'cairn': sense 1 (a memorial) has stone-like neighbours, sense 2 (a terrier) dog-like ones; the word vector
        // points towards the stones.
        var vectors = new WordVectorTable([new WordVector("cairn", [1f, 0.1f])]);
        var classVectors = new Dictionary<string, float[]> { ["stone"] = [1f, 0f], ["monument"] = [0.9f, 0.2f], ["terrier"] = [0f, 1f] };
        var neighbours = new Dictionary<string, string[]> { ["n-memorial"] = ["stone", "monument"], ["n-dog"] = ["terrier"] };
        var scores = PrimaryMeaning.Score([("cairn", 1, "n-dog"), ("cairn", 2, "n-memorial"), ("solo", 1, "n-x")], neighbours, classVectors, vectors).ToList();
        Assert.Equal(2, scores.Count); // 'solo' has one sense and no vector
        Assert.True(scores.Single(s => s.Wnid == "n-memorial").IsPrimary);
        Assert.False(scores.Single(s => s.Wnid == "n-dog").IsPrimary);
    }

    [Fact]
    public async Task Class_embedding_files_round_trip_sorted_with_a_manifest()
    {
        var dir = TestPaths.NewTempDirectory();
        await ClassEmbeddingFile.WriteAsync(dir, [new KeyedVector("n2", [1f, 2f]), new KeyedVector("n1", [3f, 4f])],
            (rows, dim) => new EmbeddingManifest("test", "data", new Dictionary<string, object?> { ["lr"] = 0.1 }, 7,
                new Dictionary<string, object?> { ["mrr"] = 0.5 }, rows, dim));
        var read = await ClassEmbeddingFile.ReadAsync(Path.Combine(dir, ClassEmbeddingFile.FileName));
        Assert.Equal(["n1", "n2"], read.Select(r => r.Key));
        Assert.Equal([3f, 4f], read[0].Vector);
        var manifest = await File.ReadAllTextAsync(Path.Combine(dir, ClassEmbeddingFile.ManifestName));
        Assert.Contains("\"seed\": 7", manifest);
        Assert.Contains("\"mrr\": 0.5", manifest);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp-*"));
    }
}
