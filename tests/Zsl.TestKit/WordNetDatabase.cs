using Zsl.WordNet;

namespace Zsl.TestKit;

/// <summary>
/// One WordNet 3.0 database built by the real loader from Debian's wordnet-base and shared by every test
/// (and every test assembly: a file lock serialises the first build). Tests must open it read-only; a test
/// that changes a database copies it first with <see cref="CopyTo"/>.
/// </summary>
public static class WordNetDatabase
{
    private static readonly Lazy<string> Built = new(Build);

    public static string Path => Built.Value;

    public static string CopyTo(string directory)
    {
        var copy = System.IO.Path.Combine(directory, "zsl.sqlite");
        File.Copy(Path, copy, overwrite: true);
        return copy;
    }

    private static string Build()
    {
        var folder = System.IO.Path.Combine(TestPaths.RepoRoot, "artifacts", "testdata");
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, "wordnet.sqlite");
        var stamp = path + ".stamp";
        var version = typeof(WordNetLoader).Assembly.ManifestModule.ModuleVersionId.ToString();
        using var lockFile = AcquireLock(path + ".lock");
        if (!File.Exists(path) || !File.Exists(stamp) || File.ReadAllText(stamp) != version)
        {
            WordNetLoader.Load(TestPaths.WordNetSource, path);
            File.WriteAllText(stamp, version);
        }
        return path;
    }

    private static FileStream AcquireLock(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (attempt < 600) { Thread.Sleep(200); }
        }
    }
}
