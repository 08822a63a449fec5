using System.Collections.Concurrent;
using System.Reflection;

namespace Zsl.Store;

/// <summary>The SQL statements of the project, embedded from the repository's <c>sql/</c> folder.</summary>
public static class SqlScripts
{
    private static readonly ConcurrentDictionary<string, string> Cache = new();
    private static readonly Assembly Owner = typeof(SqlScripts).Assembly;

    /// <summary>The text of <c>sql/{relativePath}</c>, e.g. <c>Get("wordnet/schema.sql")</c>.</summary>
    public static string Get(string relativePath) => Cache.GetOrAdd(relativePath, static path =>
    {
        using var stream = Owner.GetManifestResourceStream("sql/" + path)
            ?? throw new FileNotFoundException($"SQL script sql/{path} is not embedded in Zsl.Store (is the file in sql/?)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Relative paths of every embedded script, sorted.</summary>
    public static IReadOnlyList<string> All() => Owner.GetManifestResourceNames()
        .Where(n => n.StartsWith("sql/", StringComparison.Ordinal))
        .Select(n => n["sql/".Length..])
        .Order(StringComparer.Ordinal)
        .ToArray();
}
