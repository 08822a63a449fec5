using Zsl.RevNet.Data;
using static TorchSharp.torch;

namespace Zsl.RevNet.Training;

/// <summary>
/// Turns an <see cref="ImageSet"/> into normalised float batches of <see cref="Size"/>×<see cref="Size"/> (zero-padded
/// and centred; training batches get a random shift of up to ±Jitter pixels and, if enabled, a horizontal flip: the
/// minimal augmentation of section 3.5).
/// </summary>
public sealed class Batches
{
    private readonly ImageSet _set;
    private readonly byte[] _labels;
    public int Size { get; }
    public int Jitter { get; }
    public bool Flip { get; }
    private readonly float[] _mean;
    private readonly float[] _std;

    public Batches(ImageSet set, int size, int jitter, bool flip, float[] mean, float[] std)
    {
        if (size < set.Height || size < set.Width) throw new ArgumentException($"batch size {size} is smaller than the {set.Height}×{set.Width} images");
        _set = set;
        _labels = set.Images.Select(i => (byte)i.Label).ToArray();
        Size = size;
        Jitter = jitter;
        Flip = flip;
        _mean = mean;
        _std = std;
    }

    public int Count => _set.Count;

    /// <summary>Per-channel mean and standard deviation of the pixels (in [0, 1]).</summary>
    public static (float[] Mean, float[] Std) Statistics(ImageSet set)
    {
        var c = set.Channels;
        var plane = set.Height * set.Width;
        var sum = new double[c];
        var sq = new double[c];
        foreach (var image in set.Images)
            for (var ch = 0; ch < c; ch++)
                for (var i = 0; i < plane; i++)
                {
                    var v = image.Pixels[ch * plane + i] / 255.0;
                    sum[ch] += v;
                    sq[ch] += v * v;
                }
        var n = (double)set.Count * plane;
        var mean = sum.Select(s => (float)(s / n)).ToArray();
        var std = sq.Select((s, i) => (float)Math.Sqrt(Math.Max(1e-12, s / n - mean[i] * (double)mean[i]))).ToArray();
        return (mean, std);
    }

    /// <summary>Images (bs × C × Size × Size, float32) and labels (int64) for the given indices.</summary>
    public (Tensor Images, Tensor Labels) Get(IReadOnlyList<int> indices, Random? augment)
    {
        var (c, h, w, s) = (_set.Channels, _set.Height, _set.Width, Size);
        var data = new float[indices.Count * c * s * s];
        var labels = new long[indices.Count];
        var baseY = (s - h) / 2;
        var baseX = (s - w) / 2;
        var levels = Levels();
        for (var b = 0; b < indices.Count; b++)
        {
            var image = _set.Images[indices[b]];
            labels[b] = _labels[indices[b]];
            var dy = augment is null ? 0 : augment.Next(-Jitter, Jitter + 1);
            var dx = augment is null ? 0 : augment.Next(-Jitter, Jitter + 1);
            var flip = augment is not null && Flip && augment.Next(2) == 1;
            // Output column x reads source column x − baseX − dx (mirrored when flipped): the rows' valid span.
            var x0 = Math.Max(0, baseX + dx);
            var x1 = Math.Min(s, baseX + dx + w);
            for (var ch = 0; ch < c; ch++)
            {
                var level = levels.AsSpan(ch * 256, 256);
                var fill = -_mean[ch] / _std[ch];
                var plane = data.AsSpan((b * c + ch) * s * s, s * s);
                var source = image.Pixels.AsSpan(ch * h * w, h * w);
                for (var y = 0; y < s; y++)
                {
                    var row = plane.Slice(y * s, s);
                    var sy = y - baseY - dy;
                    if (sy < 0 || sy >= h || x1 <= x0)
                    {
                        row.Fill(fill);
                        continue;
                    }
                    row[..x0].Fill(fill);
                    row[x1..].Fill(fill);
                    var pixels = source.Slice(sy * w, w);
                    if (flip)
                        for (var x = x0; x < x1; x++) row[x] = level[pixels[w - 1 - (x - baseX - dx)]];
                    else
                        for (var x = x0; x < x1; x++) row[x] = level[pixels[x - baseX - dx]];
                }
            }
        }
        return (tensor(data, new long[] { indices.Count, c, s, s }), tensor(labels));
    }

    private float[]? _levels;

    /// <summary>The normalised value of every byte per channel, computed exactly as per pixel: (v / 255 − mean) / std in float32.</summary>
    private float[] Levels()
    {
        if (_levels is not null) return _levels;
        var c = _set.Channels;
        var levels = new float[c * 256];
        for (var ch = 0; ch < c; ch++)
            for (var v = 0; v < 256; v++)
                levels[ch * 256 + v] = (v / 255f - _mean[ch]) / _std[ch];
        return _levels = levels;
    }
}
