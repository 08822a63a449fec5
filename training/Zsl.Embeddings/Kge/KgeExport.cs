using Zsl.WordVectors;
using static TorchSharp.torch;

namespace Zsl.Embeddings.Kge;

/// <summary>Writes a trained model's entity vectors as class embeddings (Parquet + manifest.json).</summary>
public static class KgeExport
{
    public static Task<string> WriteAsync(string directory, KgeResult result, KnowledgeGraph graph, KgeOptions options,
        string data, Func<string, string>? entityKey = null, CancellationToken cancellationToken = default)
    {
        float[] weights;
        using (no_grad())
            weights = result.Model.EntityWeights.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        var d = options.Dimension;
        entityKey ??= e => e;
        var rows = graph.Entities.Select((name, i) => new KeyedVector(entityKey(name), weights.AsSpan(i * d, d).ToArray()));
        var metrics = new Dictionary<string, object?>
        {
            ["epochsRun"] = result.EpochsRun,
            ["bestEpoch"] = result.BestEpoch,
            ["bestValidMrr"] = result.BestValidMrr,
            ["finalTrainLoss"] = result.EpochLosses.Count > 0 ? result.EpochLosses[^1] : null,
            ["stopReason"] = result.StopReason,
            ["test"] = result.Test?.ToDictionary(),
            ["valid"] = result.Valid?.ToDictionary(),
            ["entities"] = graph.EntityCount,
            ["relations"] = graph.RelationCount,
            ["trainTriples"] = graph.Train.Length,
            ["validTriples"] = graph.Valid.Length,
            ["testTriples"] = graph.Test.Length,
        };
        var hyper = new Dictionary<string, object?>(options.ToDictionary()) { ["threads"] = options.Threads ?? Environment.ProcessorCount };
        return ClassEmbeddingFile.WriteAsync(directory, rows,
            (count, dimension) => new EmbeddingManifest(ModelName(options.Model), data, hyper, options.Seed, metrics, count, dimension),
            cancellationToken);
    }

    public static string ModelName(KgeModelKind kind) => kind switch
    {
        KgeModelKind.TransE => "transe",
        KgeModelKind.TransEStar => "transe-star",
        KgeModelKind.DistMult => "distmult",
        KgeModelKind.ConvE => "conve",
        _ => kind.ToString(),
    };

    public static KgeModelKind ParseModel(string name) => name.ToLowerInvariant() switch
    {
        "transe" => KgeModelKind.TransE,
        "transe-star" or "transe*" or "transestar" => KgeModelKind.TransEStar,
        "distmult" => KgeModelKind.DistMult,
        "conve" => KgeModelKind.ConvE,
        _ => throw new ArgumentException($"unknown model '{name}': expected transe, transe-star, distmult or conve"),
    };
}
