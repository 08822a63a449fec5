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
        for (var b = 0; b < indices.Count; b++)
        {
            var image = _set.Images[indices[b]];
            labels[b] = _labels[indices[b]];
            var dy = augment is null ? 0 : augment.Next(-Jitter, Jitter + 1);
            var dx = augment is null ? 0 : augment.Next(-Jitter, Jitter + 1);
            var flip = augment is not null && Flip && augment.Next(2) == 1;
            for (var ch = 0; ch < c; ch++)
            {
                var fill = -_mean[ch] / _std[ch];
                var plane = (b * c + ch) * s * s;
                for (var y = 0; y < s; y++)
                    for (var x = 0; x < s; x++)
                    {
                        var sy = y - baseY - dy;
                        var sx0 = x - baseX - dx;
                        var sx = flip ? w - 1 - sx0 : sx0;
                        data[plane + y * s + x] = sy >= 0 && sy < h && sx0 >= 0 && sx0 < w
                            ? (image.Pixels[ch * h * w + sy * w + sx] / 255f - _mean[ch]) / _std[ch]
                            : fill;
                    }
            }
        }
        return (tensor(data, new long[] { indices.Count, c, s, s }), tensor(labels));
    }
}
