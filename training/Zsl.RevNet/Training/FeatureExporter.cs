using Parquet;
using Parquet.Schema;
using Zsl.RevNet.Data;
using static TorchSharp.torch;

namespace Zsl.RevNet.Training;

/// <summary>
/// Penultimate-layer features (after the last ReLU and global average pooling) in the visual-feature Parquet layout:
/// image_id (string), label (string: the class name; the ZSL side's wnid column for ImageNet images), feature
/// (list&lt;float&gt;), one row per image in dataset order. Written to a temporary file and moved into place.
/// </summary>
public static class FeatureExporter
{
    public static async Task<int> ExportAsync(string checkpoint, ImageSet set, string outPath, CancellationToken cancellation = default, int batchSize = 250)
    {
        var model = CheckpointInfo.Load(checkpoint, out var info);
        if (set.Channels != info.InputChannels)
            throw new ArgumentException($"checkpoint {checkpoint} expects {info.InputChannels}-channel images, {set.Name} has {set.Channels}");
        var batches = new Batches(set, info.ImageSize, 0, false, info.Mean, info.Std);
        var ids = new List<string>(set.Count);
        var labels = new List<string>(set.Count);
        var values = new List<float>();
        var dim = 0;
        using (no_grad())
            for (var start = 0; start < set.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var indices = Enumerable.Range(start, Math.Min(batchSize, set.Count - start)).ToArray();
                var (x, _) = batches.Get(indices, null);
                var features = model.Features(x).to(float32).contiguous();
                dim = (int)features.shape[1];
                values.AddRange(features.data<float>().ToArray());
                foreach (var i in indices)
                {
                    ids.Add(set.Images[i].Id);
                    labels.Add(set.ClassNames[set.Images[i].Label]);
                }
            }
        await WriteAsync(outPath, ids, labels, values.ToArray(), dim, cancellation);
        return ids.Count;
    }

    public static async Task WriteAsync(string outPath, IReadOnlyList<string> ids, IReadOnlyList<string> labels, float[] flat, int dim, CancellationToken cancellation = default)
    {
        var idField = new DataField<string>("image_id");
        var labelField = new DataField<string>("label");
        var item = new DataField<float?>("element");
        var list = new ListField("feature", item);
        var schema = new ParquetSchema(idField, labelField, list);
        var repetition = new int[flat.Length];
        for (var i = 0; i < flat.Length; i++) repetition[i] = i % dim == 0 ? 0 : 1;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        var tmp = outPath + ".tmp";
        await using (var stream = File.Create(tmp))
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellation);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(idField, ids.ToArray());
            await group.WriteAsync(labelField, labels.ToArray());
            // The list column carries definition levels; Parquet.Net derives them from nullable element values.
            var values = Array.ConvertAll(flat, v => (float?)v);
            await group.WriteAsync<float>(item, values.AsMemory(), repetition.AsMemory(), null, cancellation);
        }
        File.Move(tmp, outPath, overwrite: true);
    }
}
