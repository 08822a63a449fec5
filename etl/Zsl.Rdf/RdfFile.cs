using System.IO.Compression;
using ICSharpCode.SharpZipLib.BZip2;

namespace Zsl.Rdf;

/// <summary>Opening RDF files: plain, gzip or bzip2 (recognised by magic bytes, whatever the name says).</summary>
public static class RdfFile
{
    public static Stream OpenRead(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[3];
        var n = file.ReadAtLeast(magic, 3, throwOnEndOfStream: false);
        file.Position = 0;
        if (n >= 2 && magic[0] == 0x1F && magic[1] == 0x8B) return new GZipStream(file, CompressionMode.Decompress);
        if (n == 3 && magic[0] == (byte)'B' && magic[1] == (byte)'Z' && magic[2] == (byte)'h') return new BZip2InputStream(file);
        return file;
    }

    /// <summary>Writes a file through gzip when its name ends in <c>.gz</c> (optimal level, deterministic bytes).</summary>
    public static Stream Create(string path)
    {
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Optimal) : file;
    }

    /// <summary><c>x.nt</c>, <c>x.nt.gz</c>, <c>x.nt.bz2</c>: N-Triples; anything else: N-Quads (a superset).</summary>
    public static RdfSyntax SyntaxOf(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        foreach (var suffix in new[] { ".gz", ".bz2" })
            if (name.EndsWith(suffix)) name = name[..^suffix.Length];
        return name.EndsWith(".nt") ? RdfSyntax.NTriples : RdfSyntax.NQuads;
    }
}
