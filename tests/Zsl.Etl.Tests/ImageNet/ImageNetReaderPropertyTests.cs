using System.Text;
using System.Text.Json;
using CsCheck;
using Zsl.ImageNet;
using Zsl.TestKit;

namespace Zsl.Etl.Tests.ImageNet;

public sealed class ImageNetReaderPropertyTests
{
    private static readonly Gen<string> Wnid = Gen.Int[0, 99_999_999].Select(n => $"n{n:D8}");

    [Fact]
    public void Url_list_counts_round_trip()
    {
        var dir = TestPaths.NewTempDirectory("zsl-urls");
        try
        {
            Gen.Dictionary(Wnid, Gen.Int[1, 20])[0, 30].Sample(populations =>
            {
                var path = Path.Combine(dir, $"{Guid.NewGuid():N}.txt");
                var lines = new StringBuilder();
                var image = 0;
                foreach (var (wnid, n) in populations)
                    for (var i = 0; i < n; i++) lines.Append($"{wnid}_{image++}\thttp://example.org/{image}.jpg\n");
                File.WriteAllText(path, lines.ToString());
                var read = ImageNetReaders.ReadUrlList(path).ToDictionary(p => p.Wnid, p => (int)p.Images);
                Assert.Equal(populations.OrderBy(p => p.Key, StringComparer.Ordinal), read.OrderBy(p => p.Key, StringComparer.Ordinal));
            }, iter: 100);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Word_counts_round_trip_through_json()
    {
        var dir = TestPaths.NewTempDirectory("zsl-words");
        try
        {
            var entry = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 12], Gen.Long[0, 10_000_000]);
            entry.Array[0, 40].Sample(entries =>
            {
                var path = Path.Combine(dir, $"{Guid.NewGuid():N}.json");
                File.WriteAllText(path, JsonSerializer.Serialize(entries.Select(e => new { word = e.Item1, count = e.Item2 })));
                var read = ImageNetReaders.ReadWordCounts(path);
                Assert.Equal(entries.Select(e => (e.Item1, e.Item2)), read.Select(w => (w.Word, w.Count)));
            }, iter: 100);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Wnid_lists_reject_anything_but_wnids()
    {
        var dir = TestPaths.NewTempDirectory("zsl-wnids");
        try
        {
            Gen.String[Gen.Char.AlphaNumeric, 1, 12].Where(s => !Wnids.IsWnid(s)).Sample(text =>
            {
                var path = Path.Combine(dir, $"{Guid.NewGuid():N}.txt");
                File.WriteAllText(path, $"n01440764\n{text}\n");
                var error = Assert.Throws<Zsl.Store.DataFormatException>(() => ImageNetReaders.ReadWnidList(path).ToList());
                Assert.Equal(2, error.Line);
            }, iter: 100);
        }
        finally { Directory.Delete(dir, true); }
    }
}
