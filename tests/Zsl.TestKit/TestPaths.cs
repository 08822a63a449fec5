namespace Zsl.TestKit;

/// <summary>Where tests find the repository, the shared reference data and WordNet.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The reference data beside the checkout (<c>../shared/data</c>), or <c>ZSL_SHARED_DATA</c>.</summary>
    public static string SharedData { get; } = Environment.GetEnvironmentVariable("ZSL_SHARED_DATA") is { Length: > 0 } fromEnv
        ? Path.GetFullPath(fromEnv)
        : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    public static string Shared(params string[] parts) => Path.Combine([SharedData, .. parts]);

    /// <summary>Debian's wordnet-base, or <c>ZSL_WORDNET</c>.</summary>
    public static string WordNetSource { get; } = Environment.GetEnvironmentVariable("ZSL_WORDNET") is { Length: > 0 } wn ? wn : "/usr/share/wordnet";

    /// <summary>A fresh empty folder under the system temp folder, deleted by the caller (or left for inspection).</summary>
    public static string NewTempDirectory(string prefix = "zsl-test")
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Zsl.Data.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Zsl.Data.sln above {AppContext.BaseDirectory}");
    }
}
