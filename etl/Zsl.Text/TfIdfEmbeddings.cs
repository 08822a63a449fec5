using System.Text.Json;
using System.Text.Json.Nodes;
using Zsl.Store;

namespace Zsl.Text;

/// <summary>
/// TF-IDF vectors in the class-embedding layout every zero-shot model reads (<c>embeddings.parquet</c>: wnid, dense
/// vector list&lt;float&gt;, sorted by wnid; <c>manifest.json</c> beside it). Dense over the whole vocabulary, so meant
/// for a few hundred classes, not for all of WordNet.
/// </summary>
public static class TfIdfEmbeddings
{
    public static async Task<(string Path, int Rows, int Empty)> WriteAsync(string directory, TfIdfModel model,
        IReadOnlyList<(string Wnid, string Text)> documents, string data, CancellationToken cancellationToken = default)
    {
        var dimension = model.Terms.Count;
        if (dimension == 0) throw new InvalidDataException("the TF-IDF vocabulary is empty: no dense class embeddings to write");
        var rows = documents.OrderBy(d => d.Wnid, StringComparer.Ordinal).Select(d =>
        {
            var sparse = model.Transform(d.Text);
            var dense = new float[dimension];
            for (var k = 0; k < sparse.Indices.Length; k++) dense[sparse.Indices[k]] = sparse.Values[k];
            return new VectorRow([d.Wnid], dense);
        }).ToList();
        for (var i = 1; i < rows.Count; i++)
            if (rows[i].Keys[0] == rows[i - 1].Keys[0]) throw new InvalidDataException($"synset {rows[i].Keys[0]} has two documents");
        var empty = rows.Count(r => Array.TrueForAll(r.Vector, v => v == 0));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "embeddings.parquet");
        var manifestPath = Path.Combine(directory, "manifest.json");
        var manifest = new JsonObject
        {
            ["model"] = "tfidf",
            ["data"] = data,
            ["hyperParameters"] = new JsonObject { ["terms"] = dimension, ["normalisation"] = "l2" },
            ["seed"] = null,
            ["metrics"] = new JsonObject { ["documents"] = rows.Count, ["allZero"] = empty },
            ["rows"] = rows.Count,
            ["dimension"] = dimension,
        };
        var manifestTemp = manifestPath + $".tmp-{Environment.ProcessId}";
        try
        {
            await File.WriteAllTextAsync(manifestTemp, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken);
            await VectorParquet.WriteAsync(path, ["wnid"], "vector", dimension, rows, cancellationToken: cancellationToken);
            File.Move(manifestTemp, manifestPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(manifestTemp)) File.Delete(manifestTemp);
        }
        return (path, rows.Count, empty);
    }
}
