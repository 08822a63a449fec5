using Zsl.Text;

namespace Zsl.WordVectors;

/// <summary>
/// TF-IDF vectors as a class-embedding file (<see cref="ClassEmbeddingFile"/>): one dense row per synset over the whole
/// vocabulary, so meant for a few hundred classes, not for all of WordNet.
/// </summary>
public static class TfIdfEmbeddings
{
    public static async Task<(string Path, int Rows, int Empty)> WriteAsync(string directory, TfIdfModel model,
        IReadOnlyList<(string Wnid, string Text)> documents, string data, CancellationToken cancellationToken = default)
    {
        var dimension = model.Terms.Count;
        if (dimension == 0) throw new InvalidDataException("the TF-IDF vocabulary is empty: no dense class embeddings to write");
        var twice = documents.GroupBy(d => d.Wnid, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidDataException($"synset {twice.Key} has two documents");
        var rows = documents.Select(d =>
        {
            var sparse = model.Transform(d.Text);
            var dense = new float[dimension];
            for (var k = 0; k < sparse.Indices.Length; k++) dense[sparse.Indices[k]] = sparse.Values[k];
            return new KeyedVector(d.Wnid, dense);
        }).ToList();
        var empty = rows.Count(r => Array.TrueForAll(r.Vector, v => v == 0));
        var path = await ClassEmbeddingFile.WriteAsync(directory, rows, (count, dim) => new EmbeddingManifest("tfidf", data,
            new Dictionary<string, object?> { ["terms"] = dimension, ["normalisation"] = "l2" }, null,
            new Dictionary<string, object?> { ["documents"] = count, ["allZero"] = empty }, count, dim), cancellationToken);
        return (path, rows.Count, empty);
    }
}
