using DuckDB.NET.Data;
using Zsl.TestKit;
using Zsl.Text;
using Zsl.WordVectors;

namespace Zsl.Etl.Tests.Text;

public class TfIdfTests
{
    [Fact]
    public void Weights_follow_the_smoothed_idf_formula_and_are_l2_normalised()
    {
        var model = TfIdfModel.Fit(["dog dog cat", "cat bird", "fish"], new TfIdfOptions(RemoveStopWords: false));
        Assert.Equal(["bird", "cat", "dog", "fish"], model.Terms);
        Assert.Equal([1, 2, 1, 1], model.DocumentFrequencies);
        var idfDog = Math.Log(4.0 / 2) + 1;
        var idfCat = Math.Log(4.0 / 3) + 1;
        var v = model.Transform("dog dog cat unknown");
        var norm = Math.Sqrt(Math.Pow(2 * idfDog, 2) + Math.Pow(idfCat, 2));
        Assert.Equal([1, 2], v.Indices);
        Assert.Equal(idfCat / norm, v.Values[0], 5);
        Assert.Equal(2 * idfDog / norm, v.Values[1], 5);
        Assert.Equal(1.0, v.Dot(v), 5);
        Assert.Equal(0.0, v.Dot(model.Transform("fish")), 10);
        Assert.Empty(model.Transform("the unknown").Indices);
    }

    [Fact]
    public void Vocabulary_options_and_stop_words()
    {
        var docs = new[] { "the dog and the cat", "the dog", "the bird", "the dog sleeps" };
        Assert.DoesNotContain("the", TfIdfModel.Fit(docs).Terms);
        Assert.Equal(["dog"], TfIdfModel.Fit(docs, new TfIdfOptions(MinDocumentFrequency: 2)).Terms);
        Assert.Equal(["dog"], TfIdfModel.Fit(docs, new TfIdfOptions(MaxTerms: 1)).Terms);
        Assert.DoesNotContain("the", TfIdfModel.Fit(docs, new TfIdfOptions(RemoveStopWords: false, MaxDocumentShare: 0.9)).Terms);
    }

    [Fact]
    public async Task Sparse_parquet_keyed_by_wnid_reads_back_and_is_deterministic()
    {
        var dir = TestPaths.NewTempDirectory();
        var docs = new[] { ("n02084071", "The dog is a domesticated wolf."), ("n01519563", "The cassowary is a flightless bird.") };
        var model = TfIdfModel.Fit(docs.Select(d => d.Item2));
        var path = Path.Combine(dir, "tfidf.parquet");
        var (features, vocabulary) = await model.WriteParquetAsync(docs.Select(d => (d.Item1, model.Transform(d.Item2))), path);
        Assert.Equal(6, features.Rows);
        Assert.Equal(model.Terms.Count, vocabulary.Rows);
        var first = await File.ReadAllBytesAsync(path);
        await model.WriteParquetAsync(docs.Reverse().Select(d => (d.Item1, model.Transform(d.Item2))), path);
        Assert.Equal(first, await File.ReadAllBytesAsync(path));
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var cmd = duck.CreateCommand();
        cmd.CommandText = $"SELECT round(sum(weight * weight), 4) FROM read_parquet('{path}') WHERE wnid = 'n01519563'";
        Assert.Equal(1.0, Convert.ToDouble(cmd.ExecuteScalar()), 4);
        cmd.CommandText = $"SELECT v.term FROM read_parquet('{path}') f JOIN read_parquet('{TfIdfModel.VocabularyPath(path)}') v USING (term_index) WHERE f.wnid = 'n02084071' AND v.term = f.term ORDER BY v.term LIMIT 1";
        Assert.Equal("dog", cmd.ExecuteScalar());
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Dense_class_embeddings_hold_the_sparse_weights_sorted_by_wnid()
    {
        var dir = TestPaths.NewTempDirectory();
        var docs = new List<(string, string)>
        {
            ("n02084071", "a member of the genus Canis that has been domesticated"), ("n01519563", "large black flightless bird"),
            ("n01503061", "warm-blooded egg-laying vertebrates"), ("n02121620", "feline mammal usually having thick soft fur"),
        };
        var model = TfIdfModel.Fit(docs.Select(d => d.Item2));
        var (path, rows, empty) = await TfIdfEmbeddings.WriteAsync(dir, model, docs, "glosses");
        Assert.Equal((4, 0), (rows, empty));
        var read = await Zsl.Store.VectorParquet.ReadAsync(path).ToListAsync();
        Assert.Equal(docs.Select(d => d.Item1).Order(StringComparer.Ordinal), read.Select(r => r.Keys[0]));
        foreach (var row in read)
        {
            var sparse = model.Transform(docs.Single(d => d.Item1 == row.Keys[0]).Item2);
            Assert.Equal(model.Terms.Count, row.Vector.Length);
            Assert.Equal(sparse.Indices, row.Vector.Select((v, i) => (v, i)).Where(p => p.v != 0).Select(p => p.i));
            Assert.Equal(1.0, Math.Sqrt(row.Vector.Sum(v => (double)v * v)), 5);
        }
        using var manifest = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "manifest.json")));
        Assert.Equal(model.Terms.Count, manifest.RootElement.GetProperty("dimension").GetInt32());
        Assert.Empty(Directory.GetFiles(dir, "*.tmp*"));
        var first = await File.ReadAllBytesAsync(path);
        docs.Reverse();
        await TfIdfEmbeddings.WriteAsync(dir, model, docs, "glosses");
        Assert.Equal(first, await File.ReadAllBytesAsync(path));
        docs.Add(("n01519563", "a second document for the cassowary"));
        await Assert.ThrowsAsync<InvalidDataException>(() => TfIdfEmbeddings.WriteAsync(Path.Combine(dir, "twice"), model, docs, "glosses"));
    }
}
