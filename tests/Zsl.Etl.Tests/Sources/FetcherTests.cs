using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Zsl.Sources;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Etl.Tests.Sources;

/// <summary>The download path against a real HTTP server on loopback, and the mirror path against the shared data.</summary>
public sealed class FetcherTests : IDisposable
{
    private readonly string _cache = TestPaths.NewTempDirectory("zsl-fetch");
    private static readonly byte[] Fixture = File.ReadAllBytes(Path.Combine(TestPaths.RepoRoot, "tests", "Zsl.Etl.Tests", "Fixtures", "Sources", "animals.nt"));

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    private Fetcher NewFetcher(string? mirror = null) =>
        new(new FetchOptions(_cache, mirror, MaxAttempts: 3, RetryDelay: TimeSpan.FromMilliseconds(10), RequestTimeout: TimeSpan.FromSeconds(20)));

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static SourceEntry FileEntry(string url, byte[] expected, string path = "rdf/animals.nt") => new()
    {
        Name = "animals", Version = "1", Licence = "CC0", Kind = SourceKind.File, Url = url,
        Path = path, Size = expected.Length, Sha256 = Sha256(expected),
    };

    private string[] CacheFiles() => Directory.EnumerateFiles(_cache, "*", SearchOption.AllDirectories).ToArray();

    [Fact]
    public async Task Plain_download_is_verified_and_lands_at_the_mirror_path()
    {
        await using var server = new LoopbackHttpServer();
        var url = server.Serve("files/animals.nt", Fixture);
        using var fetcher = NewFetcher();
        var progress = new List<StageProgress>();

        var result = await fetcher.FetchAsync(FileEntry(url, Fixture), new SyncProgress(progress.Add));

        Assert.Equal(FetchOutcome.Downloaded, result.Outcome);
        Assert.Equal(Path.Combine(_cache, "rdf", "animals.nt"), result.Path);
        Assert.Equal(Fixture, await File.ReadAllBytesAsync(result.Path));
        Assert.Equal([result.Path], CacheFiles());
        Assert.Equal(Fixture.Length, progress[^1].Done);
        Assert.Equal("bytes", progress[^1].Unit);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_cached_verified_file_is_not_fetched_again()
    {
        await using var server = new LoopbackHttpServer();
        var entry = FileEntry(server.Serve("animals.nt", Fixture), Fixture);
        using var fetcher = NewFetcher();

        Assert.Equal(FetchOutcome.Downloaded, (await fetcher.FetchAsync(entry)).Outcome);
        Assert.Equal(FetchOutcome.AlreadyCached, (await fetcher.FetchAsync(entry)).Outcome);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Checksum_mismatch_fails_clearly_and_leaves_nothing_in_the_cache()
    {
        var corrupted = (byte[])Fixture.Clone();
        corrupted[corrupted.Length / 2] ^= 0x20;
        await using var server = new LoopbackHttpServer();
        var entry = FileEntry(server.Serve("animals.nt", corrupted), Fixture);
        using var fetcher = NewFetcher();

        var error = await Assert.ThrowsAsync<ChecksumMismatchException>(() => fetcher.FetchAsync(entry));

        Assert.Contains("source 'animals'", error.Message);
        Assert.Contains(Sha256(Fixture), error.Message);
        Assert.Contains(Sha256(corrupted), error.Message);
        Assert.Empty(CacheFiles());
    }

    [Fact]
    public async Task A_cached_file_that_no_longer_verifies_is_fetched_again()
    {
        await using var server = new LoopbackHttpServer();
        var entry = FileEntry(server.Serve("animals.nt", Fixture), Fixture);
        Directory.CreateDirectory(Path.Combine(_cache, "rdf"));
        await File.WriteAllTextAsync(Path.Combine(_cache, "rdf", "animals.nt"), "damaged");
        using var fetcher = NewFetcher();

        var result = await fetcher.FetchAsync(entry);

        Assert.Equal(FetchOutcome.Downloaded, result.Outcome);
        Assert.Equal(Fixture, await File.ReadAllBytesAsync(result.Path));
    }

    [Fact]
    public async Task Interrupted_transfer_is_resumed_with_a_range_request()
    {
        var cut = Fixture.Length / 3;
        await using var server = new LoopbackHttpServer { CutFirstResponseAfter = cut };
        var entry = FileEntry(server.Serve("animals.nt", Fixture), Fixture);
        using var fetcher = NewFetcher();

        var result = await fetcher.FetchAsync(entry);

        Assert.Equal(Fixture, await File.ReadAllBytesAsync(result.Path));
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Null(requests[0].Range);
        Assert.Equal($"bytes={cut}-", requests[1].Range);
        Assert.Equal(Fixture.Length, result.BytesTransferred); // the cut part once plus the rest: nothing twice
        Assert.Equal([result.Path], CacheFiles());
    }

    [Fact]
    public async Task A_part_file_left_by_an_earlier_run_is_resumed()
    {
        await using var server = new LoopbackHttpServer();
        var entry = FileEntry(server.Serve("animals.nt", Fixture), Fixture);
        Directory.CreateDirectory(Path.Combine(_cache, "rdf"));
        await File.WriteAllBytesAsync(Path.Combine(_cache, "rdf", "animals.nt.part"), Fixture[..1000]);
        using var fetcher = NewFetcher();

        var result = await fetcher.FetchAsync(entry);

        Assert.Equal(Fixture, await File.ReadAllBytesAsync(result.Path));
        Assert.Equal("bytes=1000-", Assert.Single(server.Requests).Range);
        Assert.Equal(Fixture.Length - 1000, result.BytesTransferred);
    }

    [Fact]
    public async Task A_server_without_range_support_gets_the_whole_file_again()
    {
        await using var server = new LoopbackHttpServer { CutFirstResponseAfter = 2000, IgnoreRange = true };
        var entry = FileEntry(server.Serve("animals.nt", Fixture), Fixture);
        using var fetcher = NewFetcher();

        var result = await fetcher.FetchAsync(entry);

        Assert.Equal(Fixture, await File.ReadAllBytesAsync(result.Path));
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("bytes=2000-", server.Requests.Last().Range); // asked, but got a 200 with everything
    }

    [Fact]
    public async Task An_archive_whose_member_does_not_verify_is_dropped_when_its_own_checksum_is_unknown()
    {
        var damaged = (byte[])Fixture.Clone();
        damaged[10] ^= 1;
        await using var server = new LoopbackHttpServer();
        var url = server.Serve("WN.tar.gz", TarGz(("animals.nt", damaged)));
        var entry = FileEntry(url, Fixture) with { Archive = new ArchiveMember("tar.gz", "animals.nt") };
        using var fetcher = NewFetcher();

        await Assert.ThrowsAsync<ChecksumMismatchException>(() => fetcher.FetchAsync(entry));

        Assert.Empty(CacheFiles());
    }

    [Fact]
    public async Task Server_errors_are_retried_and_a_missing_file_is_not()
    {
        await using var server = new LoopbackHttpServer { FailFirstRequests = 2 };
        var entry = FileEntry(server.Serve("animals.nt", Fixture), Fixture);
        using var fetcher = NewFetcher();

        Assert.Equal(FetchOutcome.Downloaded, (await fetcher.FetchAsync(entry)).Outcome);
        Assert.Equal(3, server.Requests.Count);

        var missing = entry with { Url = server.BaseUrl + "nowhere.nt", Path = "rdf/nowhere.nt" };
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => fetcher.FetchAsync(missing));
        Assert.Contains("404", error.Message);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task Directory_sources_fetch_each_file_from_the_base_url()
    {
        var second = Encoding.UTF8.GetBytes("<http://example.org/a> <http://example.org/b> \"c\" .\n");
        await using var server = new LoopbackHttpServer();
        server.Serve("suite/animals.nt", Fixture);
        server.Serve("suite/one triple.nt", second);
        SourceFile[] files = [new("animals.nt", Fixture.Length, Sha256(Fixture)), new("one triple.nt", second.Length, Sha256(second))];
        var entry = new SourceEntry
        {
            Name = "suite", Version = "1", Licence = "CC0", Kind = SourceKind.Directory, Url = server.BaseUrl + "suite/",
            Path = "rdf/suite", Size = Fixture.Length + second.Length, Sha256 = SourceCatalog.DirectoryListingSha256(files), Files = files,
        };
        using var fetcher = NewFetcher();

        var result = await fetcher.FetchAsync(entry);

        Assert.Equal(2, result.Files);
        Assert.Equal(second, await File.ReadAllBytesAsync(Path.Combine(_cache, "rdf", "suite", "one triple.nt")));
        Assert.Contains(server.Requests, r => r.Path == "suite/one triple.nt");
    }

    [Fact]
    public async Task Files_are_extracted_from_a_downloaded_tar_gz_and_verified()
    {
        var readme = Encoding.UTF8.GetBytes("a package\n");
        var archive = TarGz(("package/README", readme), ("package/data/animals.nt", Fixture), ("package/data/other.nt", readme));
        await using var server = new LoopbackHttpServer();
        var url = server.Serve("pkg-1.0.tgz", archive);
        var single = FileEntry(url, Fixture, "single/animals.nt") with { Archive = new ArchiveMember("tar.gz", "package/data/animals.nt", Sha256(archive)) };
        SourceFile[] files = [new("animals.nt", Fixture.Length, Sha256(Fixture)), new("other.nt", readme.Length, Sha256(readme))];
        var folder = new SourceEntry
        {
            Name = "folder", Version = "1", Licence = "CC0", Kind = SourceKind.Directory, Url = url, Archive = new ArchiveMember("tar.gz", "package/data/"),
            Path = "pkg/data", Size = files.Sum(f => f.Size), Sha256 = SourceCatalog.DirectoryListingSha256(files), Files = files,
        };
        using var fetcher = NewFetcher();

        Assert.Equal(Fixture, await File.ReadAllBytesAsync((await fetcher.FetchAsync(single)).Path));
        var result = await fetcher.FetchAsync(folder);
        Assert.Equal(readme, await File.ReadAllBytesAsync(Path.Combine(result.Path, "other.nt")));
        Assert.Single(server.Requests); // the archive is downloaded once and kept for the second entry

        var wrongMember = single with { Path = "single/x.nt", Archive = single.Archive! with { Member = "package/none.nt" } };
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => fetcher.FetchAsync(wrongMember));
        Assert.Contains("package/none.nt", error.Message);
    }

    [Fact]
    public async Task A_mirror_replaces_the_download_and_is_verified_too()
    {
        var mirror = TestPaths.NewTempDirectory("zsl-mirror");
        try
        {
            Directory.CreateDirectory(Path.Combine(mirror, "rdf"));
            await File.WriteAllBytesAsync(Path.Combine(mirror, "rdf", "animals.nt"), Fixture);
            var entry = FileEntry("http://127.0.0.1:9/never-asked", Fixture);
            using (var fetcher = NewFetcher(mirror))
                Assert.Equal(FetchOutcome.CopiedFromMirror, (await fetcher.FetchAsync(entry)).Outcome);

            File.Delete(Path.Combine(_cache, "rdf", "animals.nt"));
            await File.WriteAllBytesAsync(Path.Combine(mirror, "rdf", "animals.nt"), Fixture[..^1]);
            using (var fetcher = NewFetcher(mirror))
                await Assert.ThrowsAsync<ChecksumMismatchException>(() => fetcher.FetchAsync(entry));
            Assert.Empty(CacheFiles());
        }
        finally { Directory.Delete(mirror, recursive: true); }
    }

    /// <summary>Keeps sources.json honest: every entry verifies against the real files, and every real file has an entry.</summary>
    [Fact]
    public async Task Every_source_verifies_from_the_shared_data_mirror()
    {
        var catalog = SourceCatalog.LoadEmbedded();
        using var fetcher = NewFetcher(TestPaths.SharedData);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in catalog.Sources.Where(s => s.Kind != SourceKind.Apt))
        {
            var result = await fetcher.FetchAsync(source);
            Assert.Equal(FetchOutcome.CopiedFromMirror, result.Outcome);
            if (source.Kind == SourceKind.File) covered.Add(source.Path);
            else foreach (var file in source.Files!) covered.Add($"{source.Path}/{file.Name}");
        }
        var shared = Directory.EnumerateFiles(TestPaths.SharedData, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(TestPaths.SharedData, f).Replace('\\', '/'))
            .Where(f => f != "README.md")
            .ToHashSet(StringComparer.Ordinal);
        Assert.Empty(shared.Except(covered).Order(StringComparer.Ordinal));
        Assert.Empty(covered.Except(shared).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_derived_source_is_made_from_its_downloaded_origin()
    {
        var json = Encoding.UTF8.GetBytes("{\"train\": [\"n01440764\", \"n01443537\"], \"test\": [\"n09999999\"], \"all\": [\"n04599235\"]}");
        var lines = Encoding.UTF8.GetBytes("n01440764\nn01443537\nn04599235\n");
        await using var server = new LoopbackHttpServer();
        var origin = FileEntry(server.Serve("sets.json", json), json, "imagenet/sets.json") with { Name = "sets" };
        var derived = FileEntry(origin.Url, lines, "imagenet/wnids.txt") with { Name = "wnids", DerivedFrom = new Derivation("sets", ["train", "all"]) };
        var catalog = SourceCatalog.Create([origin, derived]);
        using var fetcher = new Fetcher(new FetchOptions(_cache, RetryDelay: TimeSpan.FromMilliseconds(10)), catalog: catalog);

        var result = await fetcher.FetchAsync(derived);

        Assert.Equal(lines, await File.ReadAllBytesAsync(result.Path));
        Assert.Equal(json, await File.ReadAllBytesAsync(Path.Combine(_cache, "imagenet", "sets.json")));
        Assert.Single(server.Requests);
    }

    /// <summary>The derivation reproduces the reference files byte for byte from the real DGP test sets.</summary>
    [Fact]
    public async Task The_wnid_lists_are_derived_exactly_from_the_real_imagenet_test_sets()
    {
        var catalog = SourceCatalog.LoadEmbedded();
        using (var mirrored = NewFetcher(TestPaths.SharedData))
            await mirrored.FetchAsync(catalog.Get("imagenet-testsets"));
        // no mirror now: the origin is already cached (no network), the lists are made locally and verified
        using var fetcher = new Fetcher(new FetchOptions(_cache, MaxAttempts: 1), catalog: catalog);
        foreach (var name in new[] { "ilsvrc2012-wnids", "imagenet21k-wnids" })
        {
            var result = await fetcher.FetchAsync(catalog.Get(name));
            Assert.Equal(FetchOutcome.Downloaded, result.Outcome);
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(TestPaths.SharedData, catalog.Get(name).Path)), await File.ReadAllBytesAsync(result.Path));
        }
    }

    [Fact]
    public async Task A_mirror_only_source_without_a_mirror_says_how_to_get_it()
    {
        var entry = SourceCatalog.LoadEmbedded().Get("mnist-train-images");
        using var fetcher = NewFetcher();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fetcher.FetchAsync(entry));
        Assert.Contains("--mirror", error.Message);
        Assert.Empty(CacheFiles());
    }

    private static byte[] TarGz(params (string Name, byte[] Content)[] members)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
            foreach (var (name, content) in members)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        return buffer.ToArray();
    }

    private sealed class SyncProgress(Action<StageProgress> report) : IProgress<StageProgress>
    {
        public void Report(StageProgress value) => report(value);
    }
}
