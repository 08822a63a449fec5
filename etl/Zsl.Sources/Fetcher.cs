using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Zsl.Store;

namespace Zsl.Sources;

/// <summary>
/// Puts sources into the cache: downloads them (resuming a partial <c>.part</c> file with an HTTP Range request,
/// retrying with backoff) or copies them from a mirror folder, and moves a file into place only after its
/// SHA-256 matched the manifest. A mismatch deletes the file, so the cache never holds a corrupt file. A file
/// already in the cache with the right checksum is not fetched again.
/// </summary>
public sealed class Fetcher : IDisposable
{
    private const string DownloadsFolder = ".downloads";
    private readonly FetchOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    private readonly SourceCatalog? _catalog;

    /// <param name="catalog">Needed to make derived sources (<see cref="SourceEntry.DerivedFrom"/>) without a mirror.</param>
    public Fetcher(FetchOptions options, HttpClient? http = null, SourceCatalog? catalog = null)
    {
        _catalog = catalog;
        if (options.MaxAttempts < 1) throw new ArgumentException("MaxAttempts must be at least 1", nameof(options));
        _options = options;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = options.RequestTimeout ?? TimeSpan.FromMinutes(30) };
        if (_ownsHttp) _http.DefaultRequestHeaders.UserAgent.ParseAdd("zsl-fetch/1.0");
    }

    public FetchOptions Options => _options;

    /// <summary>Where the source is (or will be) once fetched.</summary>
    public string LocalPath(SourceEntry source) =>
        source.Kind == SourceKind.Apt ? source.Path : Path.Combine(_options.CacheDirectory, source.Path);

    /// <summary>Whether every file of the source is in the cache (by name only; <see cref="FetchAsync"/> verifies).</summary>
    public bool IsPresent(SourceEntry source) => source.Kind == SourceKind.Apt
        ? Directory.Exists(source.Path)
        : Targets(source).All(t => File.Exists(t.CachePath));

    public async Task<FetchResult> FetchAsync(SourceEntry source, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (source.Kind == SourceKind.Apt)
        {
            if (!Directory.Exists(source.Path) || !Directory.EnumerateFileSystemEntries(source.Path).Any())
                throw new DirectoryNotFoundException(
                    $"source '{source.Name}' is Debian's {source.Package} package and {source.Path} is missing: run `make setup` (as root: apt-get install {source.Package})");
            return new FetchResult(source.Name, source.Path, FetchOutcome.SystemPackage, Directory.EnumerateFiles(source.Path).Count(), 0, 0);
        }

        var targets = Targets(source);
        var meter = new Meter(progress, source.Name, source.Size);
        var missing = new List<Target>();
        foreach (var target in targets)
        {
            if (await IsVerifiedAsync(target, cancellationToken)) meter.Complete(target.File.Size);
            else missing.Add(target);
        }
        var total = targets.Sum(t => t.File.Size);
        if (missing.Count == 0)
        {
            meter.Flush();
            return new FetchResult(source.Name, LocalPath(source), FetchOutcome.AlreadyCached, targets.Count, total, 0);
        }

        long transferred;
        FetchOutcome outcome;
        if (_options.MirrorDirectory is { } mirror)
        {
            transferred = await CopyFromMirrorAsync(source, mirror, missing, meter, cancellationToken);
            outcome = FetchOutcome.CopiedFromMirror;
        }
        else if (source.MirrorOnly is { } reason)
        {
            throw new InvalidOperationException(
                $"source '{source.Name}' can only come from a mirror ({reason}); pass --mirror DIR or set {FetchOptions.MirrorVariable}");
        }
        else if (source.DerivedFrom is { } derivation)
        {
            transferred = await DeriveAsync(source, derivation, missing[0], meter, progress, cancellationToken);
            outcome = FetchOutcome.Downloaded;
        }
        else
        {
            transferred = source.Archive is { } archive
                ? await ExtractFromArchiveAsync(source, archive, missing, meter, progress, cancellationToken)
                : await DownloadFilesAsync(source, missing, meter, cancellationToken);
            outcome = FetchOutcome.Downloaded;
        }
        meter.Flush();
        return new FetchResult(source.Name, LocalPath(source), outcome, targets.Count, total, transferred);
    }

    private sealed record Target(SourceFile File, string RelativePath, string CachePath);

    private List<Target> Targets(SourceEntry source)
    {
        if (source.Kind == SourceKind.File)
            return [new Target(new SourceFile(Path.GetFileName(source.Path), source.Size ?? 0, source.Sha256!), source.Path, LocalPath(source))];
        return source.Files!
            .Select(f => new Target(f, $"{source.Path}/{f.Name}", Path.Combine(LocalPath(source), f.Name)))
            .ToList();
    }

    private static async Task<bool> IsVerifiedAsync(Target target, CancellationToken ct)
    {
        var info = new FileInfo(target.CachePath);
        if (!info.Exists) return false;
        if (info.Length == target.File.Size && await Sha256Async(info.FullName, ct) == target.File.Sha256) return true;
        info.Delete(); // a cached file that no longer verifies is corrupt: fetch it again
        return false;
    }

    private static async Task<long> CopyFromMirrorAsync(SourceEntry source, string mirror, List<Target> missing, Meter meter, CancellationToken ct)
    {
        long copied = 0;
        foreach (var target in missing)
        {
            var from = Path.Combine(mirror, target.RelativePath);
            if (!File.Exists(from))
                throw new FileNotFoundException($"source '{source.Name}': {target.RelativePath} is missing from the mirror {mirror}", from);
            var part = PreparePart(target.CachePath);
            await using (var input = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
            await using (var output = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                copied += await CopyAsync(input, output, meter, ct);
            await CommitAsync(source, target, part, $"mirror {from}", ct);
            meter.Complete(target.File.Size);
        }
        return copied;
    }

    private async Task<long> DeriveAsync(SourceEntry source, Derivation derivation, Target target, Meter meter,
                                         IProgress<StageProgress>? progress, CancellationToken ct)
    {
        var origin = _catalog?.Get(derivation.Source)
            ?? throw new InvalidOperationException($"source '{source.Name}' is made from '{derivation.Source}': the fetcher needs the catalogue to find it");
        var fetched = await FetchAsync(origin, progress, ct);
        var part = PreparePart(target.CachePath);
        await SourceDerivation.WriteJsonArrayLinesAsync(fetched.Path, derivation.JsonArrays, part, ct);
        await CommitAsync(source, target, part, $"{derivation.Source} ({string.Join(" + ", derivation.JsonArrays)})", ct);
        meter.Complete(target.File.Size);
        return fetched.BytesTransferred;
    }

    private async Task<long> DownloadFilesAsync(SourceEntry source, List<Target> missing, Meter meter, CancellationToken ct)
    {
        long transferred = 0;
        foreach (var target in missing)
        {
            var url = source.Kind == SourceKind.File ? source.Url : source.Url + Uri.EscapeDataString(target.File.Name);
            var part = PreparePart(target.CachePath);
            transferred += await DownloadWithRetriesAsync(url, part, target.File.Size, meter, ct);
            await CommitAsync(source, target, part, url, ct);
            meter.Complete(target.File.Size);
        }
        return transferred;
    }

    private async Task<long> ExtractFromArchiveAsync(SourceEntry source, ArchiveMember archive, List<Target> missing, Meter meter,
                                                     IProgress<StageProgress>? progress, CancellationToken ct)
    {
        var archiveName = Path.GetFileName(new Uri(source.Url).AbsolutePath);
        var archivePath = Path.Combine(_options.CacheDirectory, DownloadsFolder, string.IsNullOrEmpty(archiveName) ? source.Name + ".tar.gz" : archiveName);
        long transferred = 0;
        if (!File.Exists(archivePath) || (archive.Sha256 is { } known && await Sha256Async(archivePath, ct) != known))
        {
            var part = PreparePart(archivePath);
            transferred = await DownloadWithRetriesAsync(source.Url, part, null, new Meter(progress, $"{source.Name} (archive)", null), ct);
            if (archive.Sha256 is { } expected && await Sha256Async(part, ct) is var actual && actual != expected)
            {
                File.Delete(part);
                throw new ChecksumMismatchException(source.Name, archiveName, expected, actual, source.Url);
            }
            File.Move(part, archivePath, overwrite: true);
        }

        var wanted = missing.ToDictionary(t => source.Kind == SourceKind.File ? archive.Member : archive.Member + t.File.Name, StringComparer.Ordinal);
        try
        {
            await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (wanted.Count > 0 && await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                if (!wanted.Remove(name, out var target)) continue;
                var part = PreparePart(target.CachePath);
                await using (var output = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                    await CopyAsync(entry.DataStream, output, meter, ct);
                await CommitAsync(source, target, part, $"{source.Url} (member {entry.Name})", ct);
                meter.Complete(target.File.Size);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException
                                  || (e is ChecksumMismatchException && archive.Sha256 is null))
        {
            // the archive itself may be damaged (its checksum is not always known in advance): drop it so a rerun downloads it anew
            File.Delete(archivePath);
            throw;
        }
        if (wanted.Count > 0)
            throw new InvalidDataException($"source '{source.Name}': the archive {source.Url} has no member {string.Join(", ", wanted.Keys.Order(StringComparer.Ordinal))}");
        return transferred;
    }

    /// <summary>Downloads <paramref name="url"/> into <paramref name="part"/>, resuming what is already there; returns the bytes received.</summary>
    private async Task<long> DownloadWithRetriesAsync(string url, string part, long? size, Meter meter, CancellationToken ct)
    {
        long received = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var written = await TransferAsync(url, part, size, meter, ct, interrupted => received += interrupted);
                return received + written;
            }
            catch (Exception e) when (attempt < _options.MaxAttempts && IsTransient(e, ct))
            {
                var delay = _options.EffectiveRetryDelay * Math.Pow(2, attempt - 1);
                await Task.Delay(delay, ct);
            }
            catch (Exception e) when (e is HttpRequestException or (IOException and not FileNotFoundException and not DirectoryNotFoundException)
                                      || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                var reason = e is OperationCanceledException ? "timed out" : e.Message;
                throw new HttpRequestException($"GET {url} failed after {attempt} attempt(s): {reason}", e, (e as HttpRequestException)?.StatusCode);
            }
        }
    }

    /// <summary>One HTTP request. Bytes of an interrupted transfer stay in <paramref name="part"/> for the next try.</summary>
    private async Task<long> TransferAsync(string url, string part, long? size, Meter meter, CancellationToken ct, Action<long> onInterruptedBytes)
    {
        var have = File.Exists(part) ? new FileInfo(part).Length : 0;
        if (size is { } expected && have > expected) { File.Delete(part); have = 0; }
        meter.SetCurrent(have);
        if (size is { } complete && have == complete && have > 0) return 0; // finished in an earlier run: only verification is left

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            File.Delete(part);
            throw new IOException($"the server refused to resume at byte {have}; starting over");
        }
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);

        var append = have > 0 && response.StatusCode == HttpStatusCode.PartialContent;
        if (append && response.Content.Headers.ContentRange?.From != have)
        {
            File.Delete(part);
            throw new IOException($"the server answered the range request from byte {have} with {response.Content.Headers.ContentRange}; starting over");
        }
        if (!append) { have = 0; meter.SetCurrent(0); }

        long written = 0;
        try
        {
            await using var input = await response.Content.ReadAsStreamAsync(ct);
            await using var output = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            written = await CopyAsync(input, output, meter, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            onInterruptedBytes(Math.Max(0, (File.Exists(part) ? new FileInfo(part).Length : 0) - have));
            throw;
        }
        if (response.Content.Headers.ContentLength is { } length && written != length)
            throw new IOException($"the transfer ended after {written:N0} of {length:N0} bytes");
        return written;
    }

    private static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        OperationCanceledException => !ct.IsCancellationRequested, // a timeout, not the caller's cancellation
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: { } code } => code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)code >= 500,
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or ChecksumMismatchException => false,
        IOException => true,
        _ => false,
    };

    private static string PreparePart(string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        return target + ".part";
    }

    /// <summary>Verifies the finished <c>.part</c> file and moves it into place, or deletes it and throws.</summary>
    private static async Task CommitAsync(SourceEntry source, Target target, string part, string origin, CancellationToken ct)
    {
        var actual = await Sha256Async(part, ct);
        if (actual != target.File.Sha256)
        {
            File.Delete(part);
            throw new ChecksumMismatchException(source.Name, target.RelativePath, target.File.Sha256, actual, origin);
        }
        File.Move(part, target.CachePath, overwrite: true);
    }

    public static async Task<string> Sha256Async(string path, CancellationToken ct = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    private static async Task<long> CopyAsync(Stream input, Stream output, Meter meter, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, ct)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), ct);
            total += read;
            meter.Advance(read);
        }
        return total;
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    /// <summary>Bytes done for one source: verified files plus the file in progress; reports at most every 256 KiB.</summary>
    private sealed class Meter(IProgress<StageProgress>? progress, string stage, long? total)
    {
        private long _completed, _current, _lastReported = -1;

        public void Complete(long bytes) { _completed += bytes; _current = 0; Report(force: false); }
        public void SetCurrent(long bytes) { _current = bytes; Report(force: false); }
        public void Advance(long bytes) { _current += bytes; Report(force: false); }
        public void Flush() => Report(force: true);

        private void Report(bool force)
        {
            if (progress is null) return;
            var done = _completed + _current;
            if (!force && _lastReported >= 0 && done - _lastReported < 256 * 1024) return;
            _lastReported = done;
            progress.Report(new StageProgress(stage, done, total, "bytes"));
        }
    }
}
