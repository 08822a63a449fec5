using System.Text.Json;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;

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

    private static readonly DataField KeyField = new DataField<string>("wnid");
    private static readonly ListField VectorField = new("vector", new DataField<float>("element"));

    /// <summary>Writes <c>embeddings.parquet</c> and <c>manifest.json</c> into <paramref name="directory"/>.</summary>
    public static async Task<string> WriteAsync(string directory, IEnumerable<KeyedVector> rows,
        Func<int, int, EmbeddingManifest> manifest, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var sorted = rows.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var dimension = sorted.Count == 0 ? 0 : sorted[0].Vector.Length;
        for (var i = 0; i < sorted.Count; i++)
        {
            if (sorted[i].Vector.Length != dimension)
                throw new ArgumentException($"vector of {sorted[i].Key} has {sorted[i].Vector.Length} values, expected {dimension}");
            if (i > 0 && sorted[i].Key == sorted[i - 1].Key)
                throw new ArgumentException($"key {sorted[i].Key} appears twice");
        }
        var path = Path.Combine(directory, FileName);
        var temp = path + $".tmp-{Environment.ProcessId}";
        var manifestPath = Path.Combine(directory, ManifestName);
        var manifestTemp = manifestPath + $".tmp-{Environment.ProcessId}";
        try
        {
            await using (var stream = File.Create(temp))
            await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(KeyField, VectorField), stream,
                             new ParquetOptions { CompressionMethod = CompressionMethod.Zstd }, cancellationToken: cancellationToken))
            {
                const int groupSize = 50_000;
                for (var start = 0; start < sorted.Count || start == 0; start += groupSize)
                {
                    var group = sorted.Skip(start).Take(groupSize).ToList();
                    using var rowGroup = writer.CreateRowGroup();
                    await rowGroup.WriteAsync(KeyField, group.Select(g => g.Key).ToArray());
                    var values = new float[group.Count * dimension];
                    var item = (DataField)VectorField.Item;
                    var levels = new int[values.Length];
                    var definitions = new int[values.Length];
                    Array.Fill(definitions, item.MaxDefinitionLevel);
                    for (var r = 0; r < group.Count; r++)
                    {
                        group[r].Vector.CopyTo(values, r * dimension);
                        for (var j = 0; j < dimension; j++) levels[r * dimension + j] = j == 0 ? 0 : 1;
                    }
                    await rowGroup.WriteAllPartsAsync<float>(item, values.AsMemory(), definitions.AsMemory(), levels.AsMemory(), cancellationToken);
                    if (sorted.Count == 0) break;
                }
            }
            await File.WriteAllTextAsync(manifestTemp, ToJson(manifest(sorted.Count, dimension)), cancellationToken);
            File.Move(temp, path, overwrite: true);
            File.Move(manifestTemp, manifestPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
            if (File.Exists(manifestTemp)) File.Delete(manifestTemp);
        }
        return path;
    }

    /// <summary>Reads a class-embedding file back (whole file: for tests and small files).</summary>
    public static async Task<IReadOnlyList<KeyedVector>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken);
        var fields = reader.Schema.GetDataFields();
        var keyField = fields.First(f => f.Name == "wnid");
        var vectorField = fields.First(f => f.Path.ToString().StartsWith("vector", StringComparison.Ordinal));
        var rows = new List<KeyedVector>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var keys = new string?[group.RowCount];
            await group.ReadAsync(keyField, keys.AsMemory(), null, cancellationToken);
            var valueCount = checked((int)group.GetMetadata(vectorField)!.MetaData!.NumValues);
            var values = new float[valueCount];
            var levels = new int[valueCount];
            var definitions = new int[valueCount];
            await group.ReadRawAsync<float>(vectorField, values.AsMemory(), definitions.AsMemory(), levels.AsMemory(), cancellationToken);
            var current = new List<float>();
            var row = -1;
            for (var i = 0; i < values.Length; i++)
            {
                if (levels[i] == 0)
                {
                    if (row >= 0) rows.Add(new KeyedVector(keys[row]!, current.ToArray()));
                    current.Clear();
                    row++;
                }
                current.Add(values[i]);
            }
            if (row >= 0) rows.Add(new KeyedVector(keys[row]!, current.ToArray()));
        }
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
