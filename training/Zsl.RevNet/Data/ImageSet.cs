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
