using Zsl.RevNet.Data;
using Zsl.Store;
using static TorchSharp.torch;

namespace Zsl.RevNet.Training;

/// <summary>
/// Penultimate-layer features (after the last ReLU and global average pooling) in the project's visual-feature layout
/// (<see cref="VectorParquet"/>): image_id, wnid (the class: its WordNet id when the dataset has one, otherwise the
/// dataset's class name, e.g. "7" for MNIST), feature (list&lt;float&gt;), one row per image in dataset order.
/// </summary>
public static class FeatureExporter
{
    public static readonly IReadOnlyList<string> KeyColumns = ["image_id", "wnid"];
    public const string VectorColumn = "feature";

    public static async Task<long> ExportAsync(string checkpoint, ImageSet set, string outPath, CancellationToken cancellation = default, int batchSize = 250)
    {
        var model = CheckpointInfo.Load(checkpoint, out var info);
        if (set.Channels != info.InputChannels)
            throw new ArgumentException($"checkpoint {checkpoint} expects {info.InputChannels}-channel images, {set.Name} has {set.Channels}");
        var batches = new Batches(set, info.ImageSize, 0, false, info.Mean, info.Std);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        var metadata = new Dictionary<string, string>
        {
            ["zsl.source"] = "revnet features",
            ["zsl.checkpoint"] = Path.GetFileName(checkpoint),
            ["zsl.dataset"] = set.Name,
            ["zsl.architecture"] = info.Architecture.ToString(),
        };
        return await VectorParquet.WriteAsync(outPath, KeyColumns, VectorColumn, info.Channels[^1], Rows(model, set, batches, batchSize),
            metadata, cancellationToken: cancellation);
    }

    private static IEnumerable<VectorRow> Rows(Models.ReversibleNet model, ImageSet set, Batches batches, int batchSize)
    {
        for (var start = 0; start < set.Count; start += batchSize)
        {
            // All torch work of a batch happens between two yields (no_grad and dispose scopes are per thread, and the
            // asynchronous writer may resume this iterator on another thread).
            var indices = Enumerable.Range(start, Math.Min(batchSize, set.Count - start)).ToArray();
            float[] flat;
            int dim;
            using (no_grad())
            using (NewDisposeScope())
            {
                var (x, _) = batches.Get(indices, null);
                var features = model.Features(x).to(float32).contiguous();
                dim = (int)features.shape[1];
                flat = features.data<float>().ToArray();
            }
            for (var k = 0; k < indices.Length; k++)
            {
                var image = set.Images[indices[k]];
                yield return new VectorRow([image.Id, set.ClassNames[image.Label]], flat.AsSpan(k * dim, dim).ToArray());
            }
        }
    }
}
