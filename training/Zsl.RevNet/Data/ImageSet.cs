namespace Zsl.RevNet.Data;

/// <summary>One labelled image: bytes in channel-major (C×H×W) order.</summary>
public sealed record LabeledImage(string Id, int Label, byte[] Pixels);

/// <summary>An in-memory image split: N images of C×H×W bytes, labels, class names.</summary>
public sealed record ImageSet(string Name, int Channels, int Height, int Width, IReadOnlyList<LabeledImage> Images, IReadOnlyList<string> ClassNames)
{
    public int Count => Images.Count;
    public int PixelsPerImage => Channels * Height * Width;

    public ImageSet Take(int count) => this with { Images = Images.Take(count).ToArray() };
}
