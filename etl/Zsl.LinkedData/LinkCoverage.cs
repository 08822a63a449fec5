using System.Data;
using System.Text.Json;
using Dapper;
using Zsl.Store;

namespace Zsl.LinkedData;

public sealed record LinkCoverageReport(int Classes, long WithBabelNet, long WithWikipedia)
{
    public double BabelNetShare => Classes == 0 ? 0 : (double)WithBabelNet / Classes;
    public double WikipediaShare => Classes == 0 ? 0 : (double)WithWikipedia / Classes;
}

/// <summary>How many classes of a split have an English article from BabelNet, from Fernando, and a chosen article (class_articles).</summary>
public sealed record SplitCoverage(string Split, int Classes, long BabelNet, long Fernando, long Linked)
{
    public static double Share(long part, int whole) => whole == 0 ? 0 : (double)part / whole;
}

/// <summary>Coverage of class lists (wnids) by the loaded links.</summary>
public static class LinkCoverage
{
    /// <summary>The standard splits of imagenet_splits (./zsl etl imagenet), in report order: ILSVRC-2012 (train), 2-hops, 3-hops, all.</summary>
    public static readonly (string Name, string Split)[] StandardSplits = [("ILSVRC-2012", "train"), ("2-hops", "2-hops"), ("3-hops", "3-hops"), ("all", "all")];

    public static LinkCoverageReport Compute(string databasePath, string classesFile)
    {
        var wnids = ReadWnids(classesFile);
        using var connection = Database.OpenReadOnly(databasePath);
        if (!connection.TableExists("wordnet_wikipedia_links"))
            throw new ArgumentException($"{databasePath} has no LOD link tables (load RDF first with ./zsl etl rdf --db {databasePath} FILE...)");
        var (withBabelNet, withWikipedia) = connection.QuerySingle<(long, long)>(SqlScripts.Get("linkeddata/coverage-linked-classes.sql"),
            new { wnids = JsonSerializer.Serialize(wnids) });
        return new LinkCoverageReport(wnids.Length, withBabelNet, withWikipedia);
    }

    /// <summary>
    /// Coverage of the standard splits (when imagenet_splits is loaded) and of named wnid lists. Empty when no
    /// link tables are loaded.
    /// </summary>
    public static IReadOnlyList<SplitCoverage> BySplit(IDbConnection connection, IDbTransaction? transaction, IEnumerable<(string Name, IReadOnlyCollection<string> Wnids)> extra)
    {
        if (!connection.TableExists("class_articles")) return [];
        var lists = new List<(string Name, IReadOnlyCollection<string> Wnids)>();
        if (connection.TableExists("imagenet_splits"))
            foreach (var (name, split) in StandardSplits)
            {
                var wnids = connection.Query<string>(SqlScripts.Get("linkeddata/split-wnids.sql"), new { split }, transaction).AsList();
                if (wnids.Count > 0) lists.Add((name, wnids));
            }
        lists.AddRange(extra);
        return lists.Select(l =>
        {
            var (babelNet, fernando, linked) = connection.QuerySingle<(long, long, long)>(SqlScripts.Get("linkeddata/coverage-by-source.sql"),
                new { wnids = JsonSerializer.Serialize(l.Wnids) }, transaction);
            return new SplitCoverage(l.Name, l.Wnids.Count, babelNet, fernando, linked);
        }).ToArray();
    }

    /// <summary>wnids of a file (one a line) or of a split folder's test_wnids.txt.</summary>
    public static string[] ReadWnids(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "test_wnids.txt") : path;
        if (!File.Exists(file)) throw new FileNotFoundException($"{file} does not exist (expected a wnid list, one a line, or a split folder with test_wnids.txt)", file);
        var wnids = new List<string>();
        var line = 0;
        foreach (var raw in File.ReadLines(file))
        {
            line++;
            var wnid = raw.Trim();
            if (wnid.Length == 0) continue;
            if (wnid.Length != 9 || !"nvar".Contains(wnid[0]) || !wnid[1..].All(char.IsAsciiDigit))
                throw new DataFormatException(file, line, $"expected a wnid like n02084071, found '{wnid}'");
            wnids.Add(wnid);
        }
        return wnids.Distinct(StringComparer.Ordinal).ToArray();
    }
}
