using System.Runtime.InteropServices;
using SkiaSharp;

namespace Zsl.RevNet.Data;

/// <summary>JPEG (or any format Skia decodes) to RGB bytes in channel-major (3×H×W) order.</summary>
public static class JpegImage
{
    /// <summary>Decodes <paramref name="encoded"/>; grey images become three equal planes. Throws <see cref="InvalidDataException"/> for anything but a complete image of the expected size.</summary>
    public static byte[] DecodeRgb(ReadOnlySpan<byte> encoded, int height, int width)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
                          ?? throw new InvalidDataException($"not a decodable image ({encoded.Length} bytes)");
        if (codec.Info.Width != width || codec.Info.Height != height)
            throw new InvalidDataException($"a {width}×{height} image was expected, got {codec.Info.Width}×{codec.Info.Height}");
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[info.BytesSize];
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        SKCodecResult result;
        try { result = codec.GetPixels(info, handle.AddrOfPinnedObject()); }
        finally { handle.Free(); }
        // IncompleteInput: a truncated file that Skia would silently complete with grey rows.
        if (result != SKCodecResult.Success) throw new InvalidDataException($"the image does not decode completely ({result})");
        var plane = height * width;
        var chw = new byte[3 * plane];
        for (var i = 0; i < plane; i++)
        {
            chw[i] = rgba[4 * i];
            chw[plane + i] = rgba[4 * i + 1];
            chw[2 * plane + i] = rgba[4 * i + 2];
        }
        return chw;
    }
}
