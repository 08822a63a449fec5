using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using Zsl.Models.Data;
using Zsl.Store;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Zsl.Models.Models;

/// <summary>How a trained model scores an image against a class prototype.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScoreKind>))]
public enum ScoreKind
{
    /// <summary>score(x, c) = (x P) · p_c, with P the projection (identity when absent) and p_c the class prototype.</summary>
    Bilinear,
    /// <summary>ConSE: the convex combination of the top-T seen-class prototypes weighted by a seen-class softmax
    /// (projection = [W; b], (d+1) x seen), compared by cosine with every prototype.</summary>
    Conse,
}

/// <summary>What a model directory records besides its matrices.</summary>
public sealed record ZslModelInfo(
    string Model,
    ScoreKind Score,
    int Seed,
    int FeatureDimension,
    int PrototypeDimension,
    IReadOnlyList<string> TrainClasses,
    IReadOnlyList<string> TestClasses,
    IReadOnlyDictionary<string, double> Hyperparameters,
    IReadOnlyDictionary<string, double> Training,
    int ConseTop = 0);

/// <summary>
/// A trained ZSL model as saved on disk: <c>model.json</c> (the info), <c>prototypes.parquet</c> (wnid -> class
/// prototype, for every training and test class) and <c>projection.npy</c> (float64, absent for an identity map).
/// </summary>
public sealed class ZslModel(ZslModelInfo info, double[][]? projection, IReadOnlyDictionary<string, float[]> prototypes)
{
    public ZslModelInfo Info { get; } = info;
    public double[][]? Projection { get; } = projection;
    public IReadOnlyDictionary<string, float[]> Prototypes { get; } = prototypes;

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task SaveAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        if (Projection is not null) Npy.WriteMatrix(Path.Combine(directory, "projection.npy"), Projection);
        else File.Delete(Path.Combine(directory, "projection.npy"));
        var classes = Prototypes.Keys.Order(StringComparer.Ordinal).ToArray();
        await VectorParquet.WriteAsync(Path.Combine(directory, "prototypes.parquet"), ["wnid"], "vector", Info.PrototypeDimension,
            classes.Select(c => new VectorRow([c], Prototypes[c])));
        // model.json last: its presence marks a complete model directory.
        AtomicFile.WriteText(Path.Combine(directory, "model.json"), JsonSerializer.Serialize(Info, Json) + "\n");
    }

    public static async Task<ZslModel> LoadAsync(string directory)
    {
        var infoPath = Path.Combine(directory, "model.json");
        if (!File.Exists(infoPath)) throw new FileNotFoundException($"{directory} is not a model directory (no model.json; train one with ./zsl zsl train)", infoPath);
        var info = JsonSerializer.Deserialize<ZslModelInfo>(File.ReadAllText(infoPath), Json)
            ?? throw new DataFormatException(infoPath, null, "a model description");
        var projectionPath = Path.Combine(directory, "projection.npy");
        var projection = File.Exists(projectionPath) ? Npy.ReadMatrix(projectionPath) : null;
        var embeddings = await ClassEmbeddings.LoadAsync(Path.Combine(directory, "prototypes.parquet"));
        return new ZslModel(info, projection, embeddings.Vectors);
    }

    /// <summary>Scores of images <paramref name="x"/> (n x d, float32) against <paramref name="classes"/>: n x |classes|.</summary>
    public Tensor Score(Tensor x, IReadOnlyList<string> classes)
    {
        using var scope = NewDisposeScope();
        var prototypes = Matrix(classes.Select(c => Prototypes.TryGetValue(c, out var p) ? p
            : throw new ArgumentException($"the model has no prototype for class {c} (it knows its training and test classes only)")).ToArray());
        Tensor result;
        if (Info.Score == ScoreKind.Bilinear)
        {
            var projected = Projection is null ? x : x.mm(Matrix(Projection));
            result = projected.mm(prototypes.t());
        }
        else
        {
            var w = Matrix(Projection ?? throw new InvalidDataException("a ConSE model needs its classifier (projection.npy)"));
            var d = x.shape[1];
            var probabilities = functional.softmax(x.mm(w[..(int)d]) + w[(int)d], 1);
            var seen = Matrix(Info.TrainClasses.Select(c => Prototypes[c]).ToArray());
            var top = Math.Min(Info.ConseTop, Info.TrainClasses.Count);
            var (values, indices) = probabilities.topk(top, dim: 1);
            var weights = values / values.sum(1, keepdim: true);
            // f(x) = sum_t p_t s_t / sum_t p_t over the top-T seen classes (prototypes are unit vectors).
            var combined = (seen.index_select(0, indices.flatten()).view(x.shape[0], top, -1) * weights.unsqueeze(2)).sum(1);
            result = functional.normalize(combined, p: 2, dim: 1).mm(prototypes.t());
        }
        return result.MoveToOuterDisposeScope();
    }

    public static Tensor Matrix(float[][] rows)
    {
        if (rows.Length == 0) return zeros(0, 0);
        var flat = new float[rows.Length * rows[0].Length];
        for (var i = 0; i < rows.Length; i++) rows[i].CopyTo(flat, i * rows[0].Length);
        return tensor(flat, [rows.Length, rows[0].Length]);
    }

    public static Tensor Matrix(double[][] rows)
    {
        var flat = new float[rows.Length * rows[0].Length];
        for (var i = 0; i < rows.Length; i++) for (var j = 0; j < rows[i].Length; j++) flat[i * rows[0].Length + j] = (float)rows[i][j];
        return tensor(flat, [rows.Length, rows[0].Length]);
    }

    public static double[][] ToRows(Tensor t)
    {
        var m = t.to_type(ScalarType.Float64).contiguous();
        var data = m.data<double>().ToArray();
        var (r, c) = ((int)m.shape[0], (int)m.shape[1]);
        return Enumerable.Range(0, r).Select(i => data.AsSpan(i * c, c).ToArray()).ToArray();
    }

    public static float[][] ToFloatRows(Tensor t)
    {
        var m = t.to_type(ScalarType.Float32).contiguous();
        var data = m.data<float>().ToArray();
        var (r, c) = ((int)m.shape[0], (int)m.shape[1]);
        return Enumerable.Range(0, r).Select(i => data.AsSpan(i * c, c).ToArray()).ToArray();
    }
}
