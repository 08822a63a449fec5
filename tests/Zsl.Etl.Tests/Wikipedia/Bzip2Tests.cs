using System.Text;
using CsCheck;
using Zsl.TestKit;
using Zsl.Wikipedia;
using Zsl.Wikipedia.Bzip2;

namespace Zsl.Etl.Tests.Wikipedia;

public class Bzip2Tests
{
    private static byte[] ReadAll(Stream s)
    {
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    public static TheoryData<Bzip2Backend> Backends() => Bzip2Decoder.LibBz2Available
        ? new TheoryData<Bzip2Backend> { Bzip2Backend.LibBz2, Bzip2Backend.SharpZipLib }
        : new TheoryData<Bzip2Backend> { Bzip2Backend.SharpZipLib };

    [Theory]
    [MemberData(nameof(Backends))]
    public void Parallel_decompression_of_the_real_dump_equals_sequential_decompression(Bzip2Backend backend)
    {
        var compressed = File.ReadAllBytes(WikiFixtures.SampleDump);
        var expected = WikiFixtures.Bunzip2(compressed);
        using var parallel = new ParallelBzip2Stream(new MemoryStream(compressed), "sample", threads: 2, backend);
        var actual = ReadAll(parallel);
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(expected.AsSpan().SequenceEqual(actual));
        Assert.Equal(7, parallel.CompressedBlocksRead); // the sample is one stream of seven 900 kB blocks
    }

    [Fact]
    public void Scanner_finds_every_block_of_a_many_block_stream()
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 40_000).Select(i => $"line {i} {i * 7919 % 10007}\n")));
        var compressed = WikiFixtures.Bzip2(text, blockSize100k: 1);
        var blocks = Bzip2BlockScanner.Scan(new MemoryStream(compressed), "t", chunkSize: 4096).ToList();
        Assert.True(blocks.Count >= 5, $"expected several 100 kB blocks, got {blocks.Count}");
        Assert.All(blocks, b => Assert.Null(b.Error));
        using var parallel = new ParallelBzip2Stream(new MemoryStream(compressed), "t", threads: 3);
        Assert.Equal(text, ReadAll(parallel));
    }

    [Fact]
    public void Multistream_files_are_decompressed_in_order()
    {
        var xml = File.ReadAllText(WikiFixtures.MiniDump);
        var compressed = WikiFixtures.Multistream(xml, pagesPerStream: 2);
        using var parallel = new ParallelBzip2Stream(new MemoryStream(compressed), "multi", threads: 2);
        Assert.Equal(xml, Encoding.UTF8.GetString(ReadAll(parallel)));
        Assert.True(parallel.CompressedBlocksRead >= 6);
    }

    [Fact]
    public void Round_trip_of_random_content_in_random_block_sizes_and_streams()
    {
        Gen.Select(Gen.Byte[0, 8].Array[0, 60_000], Gen.Int[1, 2], Gen.Int[1, 4])
            .Sample((data, blockSize, streams) =>
            {
                // low-entropy bytes compress well and make run-length edge cases likely
                using var all = new MemoryStream();
                var chunk = (data.Length + streams - 1) / Math.Max(streams, 1);
                for (var i = 0; i < streams; i++)
                {
                    var part = data.Skip(i * chunk).Take(chunk).ToArray();
                    all.Write(WikiFixtures.Bzip2(part, blockSize));
                }
                foreach (var backend in Backends())
                {
                    using var parallel = new ParallelBzip2Stream(new MemoryStream(all.ToArray()), "random", threads: 2, backend);
                    if (!ReadAll(parallel).AsSpan().SequenceEqual(data)) return false;
                }
                return true;
            }, iter: 40);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_truncated_file_fails_after_the_complete_blocks(Bzip2Backend backend)
    {
        var compressed = File.ReadAllBytes(WikiFixtures.SampleDump);
        var truncated = compressed[..(compressed.Length * 3 / 4)];
        using var parallel = new ParallelBzip2Stream(new MemoryStream(truncated), "cut.bz2", threads: 2, backend);
        var buffer = new byte[1 << 16];
        long delivered = 0;
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            int n;
            while ((n = parallel.Read(buffer)) > 0) delivered += n;
        });
        Assert.Contains("cut.bz2", error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.True(delivered > 0, "the first, complete block is delivered before the error");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_corrupted_block_fails_its_crc(Bzip2Backend backend)
    {
        var compressed = File.ReadAllBytes(WikiFixtures.SampleDump);
        compressed[compressed.Length / 3] ^= 0x5A;
        using var parallel = new ParallelBzip2Stream(new MemoryStream(compressed), "bad.bz2", threads: 2, backend);
        var error = Assert.Throws<InvalidDataException>(() => ReadAll(parallel));
        Assert.Contains("bad.bz2", error.Message);
    }

    [Fact]
    public void Files_that_are_not_bzip2_are_rejected_or_read_as_xml()
    {
        var dir = TestPaths.NewTempDirectory();
        var xml = WikiFixtures.WriteTemp(dir, "plain.xml", File.ReadAllBytes(WikiFixtures.MiniDump));
        using (var s = DumpReader.OpenDecompressed(xml)) Assert.IsType<FileStream>(s);
        var error = Assert.Throws<InvalidDataException>(() => Bzip2BlockScanner.Scan(new MemoryStream("hello"u8.ToArray()), "x.bz2").ToList());
        Assert.Contains("not a bzip2 file", error.Message);
        Directory.Delete(dir, true);
    }
}
