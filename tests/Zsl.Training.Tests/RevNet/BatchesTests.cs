using Zsl.RevNet.Data;
using Zsl.RevNet.Training;
using static TorchSharp.torch;

namespace Zsl.Training.Tests.RevNet;

public class BatchesTests
{
    /// <summary>The batch builder against the per-pixel definition: shift by (dy, dx), mirror, zero (mean) padding, (v/255 − mean)/std.</summary>
    [Theory]
    [InlineData(3, 32, 32, 32, 4, true)]
    [InlineData(1, 28, 28, 32, 2, false)]
    [InlineData(3, 20, 24, 32, 4, true)]
    public void Augmented_batches_equal_the_per_pixel_definition(int channels, int height, int width, int size, int jitter, bool flip)
    {
        var random = new Random(3);
        var images = Enumerable.Range(0, 40).Select(i =>
        {
            var pixels = new byte[channels * height * width];
            random.NextBytes(pixels);
            return new LabeledImage($"i{i}", i % 10, pixels);
        }).ToArray();
        var set = new ImageSet("synthetic", channels, height, width, images, Enumerable.Range(0, 10).Select(c => $"c{c}").ToArray());
        var (mean, std) = Batches.Statistics(set);
        var batches = new Batches(set, size, jitter, flip, mean, std);
        var indices = Enumerable.Range(0, 40).Reverse().ToArray();
        foreach (var augment in new[] { true, false })
        {
            using var scope = NewDisposeScope();
            var (x, y) = batches.Get(indices, augment ? new Random(7) : null);
            var expected = Reference(set, indices, augment ? new Random(7) : null, size, jitter, flip, mean, std);
            Assert.Equal(expected, x.data<float>().ToArray());
            Assert.Equal(indices.Select(i => (long)(i % 10)).ToArray(), y.data<long>().ToArray());
        }
    }

    private static float[] Reference(ImageSet set, int[] indices, Random? augment, int s, int jitter, bool flipEnabled, float[] mean, float[] std)
    {
        var (c, h, w) = (set.Channels, set.Height, set.Width);
        var data = new float[indices.Length * c * s * s];
        var (baseY, baseX) = ((s - h) / 2, (s - w) / 2);
        for (var b = 0; b < indices.Length; b++)
        {
            var image = set.Images[indices[b]];
            var dy = augment is null ? 0 : augment.Next(-jitter, jitter + 1);
            var dx = augment is null ? 0 : augment.Next(-jitter, jitter + 1);
            var flip = augment is not null && flipEnabled && augment.Next(2) == 1;
            for (var ch = 0; ch < c; ch++)
                for (var y = 0; y < s; y++)
                    for (var x = 0; x < s; x++)
                    {
                        var sy = y - baseY - dy;
                        var sx0 = x - baseX - dx;
                        var sx = flip ? w - 1 - sx0 : sx0;
                        data[((b * c + ch) * s + y) * s + x] = sy >= 0 && sy < h && sx0 >= 0 && sx0 < w
                            ? (image.Pixels[ch * h * w + sy * w + sx] / 255f - mean[ch]) / std[ch]
                            : -mean[ch] / std[ch];
                    }
        }
        return data;
    }
}
