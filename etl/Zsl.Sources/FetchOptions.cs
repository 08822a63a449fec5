namespace Zsl.Sources;

/// <summary>Where fetched files go and where they come from.</summary>
/// <param name="CacheDirectory">Cache root; each source lands at <c>CacheDirectory/path</c> (the mirror layout).</param>
/// <param name="MirrorDirectory">A folder with the mirror layout that replaces every download (copy + verify).</param>
/// <param name="MaxAttempts">Tries per download before giving up (network errors, 5xx, cut transfers).</param>
/// <param name="RetryDelay">Wait before the second try; doubled for each further try.</param>
public sealed record FetchOptions(
    string CacheDirectory,
    string? MirrorDirectory = null,
    int MaxAttempts = 5,
    TimeSpan? RetryDelay = null,
    TimeSpan? RequestTimeout = null)
{
    public const string CacheVariable = "ZSL_CACHE";
    public const string MirrorVariable = "ZSL_MIRROR";

    public TimeSpan EffectiveRetryDelay => RetryDelay ?? TimeSpan.FromSeconds(1);

    /// <summary>The explicit folder, else <c>ZSL_CACHE</c>, else <c>$XDG_CACHE_HOME/zsl</c>, else <c>~/.cache/zsl</c>.</summary>
    public static string ResolveCacheDirectory(string? explicitDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory)) return Path.GetFullPath(explicitDirectory);
        if (Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } fromEnv) return Path.GetFullPath(fromEnv);
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg) return Path.Combine(Path.GetFullPath(xdg), "zsl");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "zsl");
    }

    /// <summary>The explicit folder, else <c>ZSL_MIRROR</c>, else none (download).</summary>
    public static string? ResolveMirrorDirectory(string? explicitDirectory = null)
    {
        var chosen = !string.IsNullOrWhiteSpace(explicitDirectory) ? explicitDirectory
            : Environment.GetEnvironmentVariable(MirrorVariable) is { Length: > 0 } fromEnv ? fromEnv : null;
        if (chosen is null) return null;
        var full = Path.GetFullPath(chosen);
        return Directory.Exists(full) ? full : throw new DirectoryNotFoundException($"mirror folder {full} does not exist");
    }
}

public enum FetchOutcome
{
    /// <summary>Every file was already in the cache with the right checksum: nothing was fetched.</summary>
    AlreadyCached,
    Downloaded,
    CopiedFromMirror,
    /// <summary>A Debian package that is installed (by <c>make setup</c>).</summary>
    SystemPackage,
}

/// <summary>What <see cref="Fetcher.FetchAsync"/> did: <see cref="Path"/> is where the source now is.</summary>
public sealed record FetchResult(string Name, string Path, FetchOutcome Outcome, int Files, long Bytes, long BytesTransferred);

/// <summary>A file whose content does not match the SHA-256 of its <c>sources.json</c> entry (it has been deleted).</summary>
public sealed class ChecksumMismatchException(string source, string file, string expected, string actual, string origin)
    : IOException($"source '{source}': SHA-256 mismatch for {file} from {origin}: expected {expected}, got {actual}; the file was deleted")
{
    public string SourceName { get; } = source;
    public string Expected { get; } = expected;
    public string Actual { get; } = actual;
}
