namespace Zsl.RevNet.Data;

/// <summary>One labelled image: bytes in channel-major (C×H×W) order.</summary>
public sealed record LabeledImage(string Id, int Label, byte[] Pixels);

/// <summary>An in-memory image split: N images of C×H×W bytes, labels, class names.</summary>
public sealed record ImageSet(string Name, int Channels, int Height, int Width, IReadOnlyList<LabeledImage> Images, IReadOnlyList<string> ClassNames)
{
    public int Count => Images.Count;
    public int PixelsPerImage => Channels * Height * Width;

    public ImageSet Take(int count) => this with { Images = Images.Take(count).ToArray() };

    /// <summary>
    /// Every image shrunk by an integer <paramref name="factor"/>, each output pixel the rounded mean of a factor×factor
    /// block (a box filter: for halving, exactly the average of the four pixels it covers).
    /// </summary>
    public ImageSet Downscale(int factor)
    {
        if (factor < 1) throw new ArgumentOutOfRangeException(nameof(factor), factor, "a downscale factor of 1 or more was expected");
        if (factor == 1) return this;
        if (Height % factor != 0 || Width % factor != 0)
            throw new ArgumentException($"{Name}: {Height}×{Width} images cannot be shrunk by {factor} (not a divisor of both sides)");
        var (height, width, area) = (Height / factor, Width / factor, factor * factor);
        var images = new LabeledImage[Images.Count];
        Parallel.For(0, images.Length, i =>
        {
            var source = Images[i].Pixels;
            var pixels = new byte[Channels * height * width];
            for (var c = 0; c < Channels; c++)
            for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var sum = 0;
                for (var dy = 0; dy < factor; dy++)
                {
                    var row = (c * Height + y * factor + dy) * Width + x * factor;
                    for (var dx = 0; dx < factor; dx++) sum += source[row + dx];
                }
                pixels[(c * height + y) * width + x] = (byte)((sum + area / 2) / area);
            }
            images[i] = Images[i] with { Pixels = pixels };
        });
        return this with { Height = height, Width = width, Images = images };
    }

    /// <summary>
    /// Only the images of the named classes, relabelled 0..k-1 in this set's class order (e.g. the seen classes of a
    /// zero-shot partition: the other classes' images are not in the result at all).
    /// </summary>
    public ImageSet OnlyClasses(IEnumerable<string> names)
    {
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        var unknown = wanted.Where(n => !ClassNames.Contains(n)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0) throw new ArgumentException($"{unknown.Length} class(es) are not classes of {Name}, e.g. '{unknown[0]}'");
        var kept = ClassNames.Where(wanted.Contains).ToArray();
        var newLabel = ClassNames.Select(n => Array.IndexOf(kept, n)).ToArray();
        var images = Images.Where(i => newLabel[i.Label] >= 0).Select(i => i with { Label = newLabel[i.Label] }).ToArray();
        return this with { Images = images, ClassNames = kept };
    }
}
