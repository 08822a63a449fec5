using System.Text;
using ICSharpCode.SharpZipLib.BZip2;
using Zsl.TestKit;

namespace Zsl.Etl.Tests.Wikipedia;

/// <summary>Paths of the Wikipedia fixtures and helpers to write them in other real formats (bzip2, multistream).</summary>
public static class WikiFixtures
{
    public static string Folder => Path.Combine(TestPaths.RepoRoot, "tests", "Zsl.Etl.Tests", "Wikipedia", "Fixtures");
    public static string MiniDump => Path.Combine(Folder, "mini-pages-articles.xml");
    public static string HtmlFolder => Path.Combine(Folder, "html");
    public static string SampleDump => TestPaths.Shared("wikipedia", "enwiki-sample-pages-articles.xml.bz2");

    /// <summary>bzip2 of <paramref name="data"/> as one stream, with blocks of <paramref name="blockSize100k"/> × 100 kB.</summary>
    public static byte[] Bzip2(byte[] data, int blockSize100k = 9)
    {
        using var output = new MemoryStream();
        using (var bz = new BZip2OutputStream(output, blockSize100k) { IsStreamOwner = false })
            bz.Write(data);
        return output.ToArray();
    }

    /// <summary>Sequential reference decompression (SharpZipLib, concatenated streams followed).</summary>
    public static byte[] Bunzip2(byte[] compressed)
    {
        using var output = new MemoryStream();
        var input = new MemoryStream(compressed);
        while (input.Position < input.Length)
        {
            using var bz = new BZip2InputStream(input) { IsStreamOwner = false };
            bz.CopyTo(output);
        }
        return output.ToArray();
    }

    /// <summary>
    /// A multistream dump like Wikimedia's pages-articles-multistream: the header (up to the first page) in
    /// one stream, then <paramref name="pagesPerStream"/> pages per stream, then the footer in its own stream.
    /// </summary>
    public static byte[] Multistream(string xml, int pagesPerStream)
    {
        var parts = new List<string>();
        var first = xml.IndexOf("  <page>", StringComparison.Ordinal);
        parts.Add(xml[..first]);
        var rest = xml[first..];
        var footer = rest.LastIndexOf("</mediawiki>", StringComparison.Ordinal);
        var pages = rest[..footer].Split("  <page>", StringSplitOptions.RemoveEmptyEntries).Select(p => "  <page>" + p).ToArray();
        for (var i = 0; i < pages.Length; i += pagesPerStream) parts.Add(string.Concat(pages.Skip(i).Take(pagesPerStream)));
        parts.Add(rest[footer..]);
        using var output = new MemoryStream();
        foreach (var part in parts) output.Write(Bzip2(Encoding.UTF8.GetBytes(part)));
        return output.ToArray();
    }

    public static string WriteTemp(string directory, string name, byte[] content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
