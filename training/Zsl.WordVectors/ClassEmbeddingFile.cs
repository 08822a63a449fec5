using System.Text.Json;
using System.Text.Json.Nodes;
using Zsl.Store;

namespace Zsl.WordVectors;

/// <summary>One row of a class-embedding file: a key (a wnid) and its vector.</summary>
public sealed record KeyedVector(string Key, float[] Vector);

/// <summary>What produced a class-embedding file; written as <c>manifest.json</c> beside the Parquet file.</summary>
public sealed record EmbeddingManifest(
    string Model,
    string Data,
    IReadOnlyDictionary<string, object?> HyperParameters,
    int? Seed,
    IReadOnlyDictionary<string, object?> Metrics,
    int Rows,
    int Dimension);

/// <summary>
/// The class-embedding contract shared by every semantic model: Parquet with columns <c>wnid</c> (string) and
/// <c>vector</c> (list&lt;float&gt;), one row per class sorted by wnid, plus <c>manifest.json</c>. Files are written
/// to a temporary name and moved into place, so a failed run leaves nothing half-written.
/// </summary>
public static class ClassEmbeddingFile
{
    public const string FileName = "embeddings.parquet";
    public const string ManifestName = "manifest.json";

    /// <summary>Writes <c>embeddings.parquet</c> (through <see cref="VectorParquet"/>) and <c>manifest.json</c> into <paramref name="directory"/>.</summary>
    public static async Task<string> WriteAsync(string directory, IEnumerable<KeyedVector> rows,
        Func<int, int, EmbeddingManifest> manifest, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var sorted = rows.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var dimension = sorted.Count == 0 ? 0 : sorted[0].Vector.Length;
        for (var i = 1; i < sorted.Count; i++)
            if (sorted[i].Key == sorted[i - 1].Key)
                throw new ArgumentException($"key {sorted[i].Key} appears twice");
        var path = Path.Combine(directory, FileName);
        var manifestPath = Path.Combine(directory, ManifestName);
        var manifestTemp = manifestPath + $".tmp-{Environment.ProcessId}";
        try
        {
            await File.WriteAllTextAsync(manifestTemp, ToJson(manifest(sorted.Count, dimension)), cancellationToken);
            await VectorParquet.WriteAsync(path, ["wnid"], "vector", Math.Max(dimension, 1),
                sorted.Select(r => new VectorRow([r.Key], r.Vector)), rowGroupSize: 50_000, cancellationToken: cancellationToken);
            File.Move(manifestTemp, manifestPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(manifestTemp)) File.Delete(manifestTemp);
        }
        return path;
    }

    /// <summary>Reads a class-embedding file back (whole file: for tests and small files).</summary>
    public static async Task<IReadOnlyList<KeyedVector>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var rows = new List<KeyedVector>();
        await foreach (var row in VectorParquet.ReadAsync(path, cancellationToken)) rows.Add(new KeyedVector(row.Keys[0], row.Vector));
        return rows;
    }

    public static string ToJson(EmbeddingManifest manifest)
    {
        var node = new JsonObject
        {
            ["model"] = manifest.Model,
            ["data"] = manifest.Data,
            ["hyperParameters"] = ToNode(manifest.HyperParameters),
            ["seed"] = manifest.Seed,
            ["metrics"] = ToNode(manifest.Metrics),
            ["rows"] = manifest.Rows,
            ["dimension"] = manifest.Dimension,
        };
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonObject ToNode(IReadOnlyDictionary<string, object?> values)
    {
        var node = new JsonObject();
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
            node[key] = value switch
            {
                null => null,
                IReadOnlyDictionary<string, object?> nested => ToNode(nested),
                double d => JsonValue.Create(Math.Round(d, 6)),
                float f => JsonValue.Create(Math.Round((double)f, 6)),
                _ => JsonSerializer.SerializeToNode(value, value.GetType()),
            };
        return node;
    }
}
