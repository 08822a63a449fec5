using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.Benchmark;

/// <summary>Reads the ImageNet tables written by <c>etl imagenet</c>, and wnid files.</summary>
public static class ImageNetClasses
{
    public static IReadOnlyList<string> Training(SqliteConnection connection)
    {
        RequireImageNet(connection);
        return connection.Query<string>(SqlScripts.Get("benchmark/training-wnids.sql")).AsList();
    }

    public static IReadOnlyList<string> Split(SqliteConnection connection, string split)
    {
        RequireImageNet(connection);
        var wnids = connection.Query<string>(SqlScripts.Get("benchmark/split-wnids.sql"), new { split }).AsList();
        if (wnids.Count == 0)
        {
            var names = connection.Query<string>(SqlScripts.Get("benchmark/split-names.sql"));
            throw new ArgumentException($"no split named '{split}' (splits: {string.Join(", ", names)})");
        }
        return wnids;
    }

    /// <summary>The wnids of ImageNet's structure_released.xml (classes and internal nodes).</summary>
    public static IReadOnlySet<string> Structure(SqliteConnection connection)
    {
        RequireImageNet(connection);
        var wnids = connection.Query<string>(SqlScripts.Get("benchmark/structure-wnids.sql")).ToHashSet(StringComparer.Ordinal);
        if (wnids.Count == 0) throw new InvalidDataException("imagenet_structure is empty: load imagenet-xml-wnids.json with ./zsl etl imagenet");
        return wnids;
    }

    public static void RequireImageNet(SqliteConnection connection)
    {
        if (!connection.TableExists("imagenet_classes"))
            throw new InvalidDataException($"{connection.DataSource} has no ImageNet tables: run ./zsl etl imagenet --db {connection.DataSource} first");
    }

    /// <summary>A wnid file (one wnid a line; blank lines and '#' comments skipped), every wnid checked against <paramref name="graph"/>.</summary>
    public static IReadOnlyList<string> ReadWnidFile(string path, NounGraph graph)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist", path);
        var wnids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            var text = raw.Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            if (!ImageNet.Wnids.IsWnid(text)) throw new DataFormatException(path, line, $"expected a wnid ('n' and 8 digits), found '{text}'");
            if (!graph.Contains(text)) throw new DataFormatException(path, line, $"wnid {text} is not a WordNet 3.0 noun synset");
            if (!seen.Add(text)) throw new DataFormatException(path, line, $"wnid {text} is listed twice");
            wnids.Add(text);
        }
        return wnids;
    }
}
