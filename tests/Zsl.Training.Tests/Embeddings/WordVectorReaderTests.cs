using System.Text;
using CsCheck;
using Zsl.Store;
using Zsl.TestKit;
using Zsl.WordVectors;

namespace Zsl.Training.Tests.Embeddings;

public class WordVectorReaderTests
{
    internal static string Fixture(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "Zsl.Training.Tests", "Embeddings", "Fixtures", name);

    [Fact]
    public void Reads_the_real_fasttext_vec_file()
    {
        var path = TestPaths.Shared("vectors", "lee_fasttext.vec");
        Assert.Equal(WordVectorFormat.FastTextVec, WordVectorReader.Detect(path));
        var vectors = WordVectorReader.Read(path).ToList();
        Assert.Equal(1762, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(10, v.Vector.Length));
        Assert.Equal("the", vectors[0].Word);
        Assert.Equal(-0.65992f, vectors[0].Vector[0]);
        Assert.Equal(vectors.Count, vectors.Select(v => v.Word).Distinct().Count());
    }

    [Theory]
    [InlineData("tiny.glove.txt", WordVectorFormat.GloVe)]
    [InlineData("tiny.word2vec.txt", WordVectorFormat.Word2VecText)]
    [InlineData("tiny.word2vec.bin", WordVectorFormat.Word2VecBinary)]
    [InlineData("tiny.vec", WordVectorFormat.FastTextVec)]
    public void Every_format_reads_the_same_vectors(string file, WordVectorFormat expected)
    {
        Assert.Equal(expected, WordVectorReader.Detect(Fixture(file)));
        var vectors = WordVectorReader.Read(Fixture(file)).ToDictionary(v => v.Word, v => v.Vector);
        Assert.Equal(9, vectors.Count);
        Assert.Equal([0.5f, -1.0f, 0.25f], vectors["polar"]);
        Assert.Equal([0.125f, 0.0625f, -3.5f], vectors["café"]);
        Assert.Equal([2.0f, 0.0f, -2.0f], vectors["Dog"]);
    }

    [Theory]
    [InlineData("tiny.glove.txt")]
    [InlineData("tiny.word2vec.bin")]
    public void The_vocabulary_filter_keeps_only_the_asked_words(string file)
    {
        var table = WordVectorTable.Load(Fixture(file), vocabulary: new HashSet<string> { "bear", "box", "absent" });
        Assert.Equal(2, table.Count);
        Assert.True(table.Contains("bear"));
        Assert.False(table.Contains("polar"));
        Assert.Equal(3, table.Dimension);
    }

    [Theory]
    [InlineData("bad-dimension.word2vec.txt", 3)]
    [InlineData("bad-number.glove.txt", 2)]
    [InlineData("truncated.word2vec.bin", 2)]
    public void Malformed_records_name_file_and_line(string file, int line)
    {
        var error = Assert.Throws<DataFormatException>(() => WordVectorReader.Read(Fixture(file)).ToList());
        Assert.Contains(file, error.Message);
        Assert.Contains(line.ToString(), error.Message);
    }

    [Fact]
    public void A_header_count_that_does_not_match_is_an_error()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "short.txt");
        File.WriteAllText(path, "3 2\nthe 1 2\nof 3 4\n");
        Assert.Throws<DataFormatException>(() => WordVectorReader.Read(path, WordVectorFormat.Word2VecText).ToList());
    }

    [Fact]
    public void Text_and_binary_round_trip_random_vectors()
    {
        var word = Gen.String[Gen.Char['a', 'z'], 1, 12];
        var vector = Gen.Float[-100f, 100f].Array[4];
        Gen.Select(word, vector).Array[1, 20].Sample(rows =>
        {
            var unique = rows.DistinctBy(r => r.Item1).ToArray();
            var dir = TestPaths.NewTempDirectory();
            var text = Path.Combine(dir, "v.txt");
            var binary = Path.Combine(dir, "v.bin");
            File.WriteAllText(text, $"{unique.Length} 4\n" + string.Concat(unique.Select(r =>
                r.Item1 + " " + string.Join(' ', r.Item2.Select(x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "\n")));
            using (var stream = File.Create(binary))
            {
                stream.Write(Encoding.ASCII.GetBytes($"{unique.Length} 4\n"));
                foreach (var (w, v) in unique)
                {
                    stream.Write(Encoding.UTF8.GetBytes(w + " "));
                    foreach (var x in v) stream.Write(BitConverter.GetBytes(x));
                    stream.WriteByte((byte)'\n');
                }
            }
            foreach (var path in new[] { text, binary })
            {
                var read = WordVectorReader.Read(path).ToArray();
                Assert.Equal(unique.Select(r => r.Item1), read.Select(r => r.Word));
                for (var i = 0; i < unique.Length; i++) Assert.Equal(unique[i].Item2, read[i].Vector);
            }
            Directory.Delete(dir, true);
        }, iter: 30);
    }
}
