using System.Text.Json;
using Dapper;
using Zsl.Store;

namespace Zsl.LinkedData;

public sealed record LinkCoverageReport(int Classes, long WithBabelNet, long WithWikipedia)
{
    public double BabelNetShare => Classes == 0 ? 0 : (double)WithBabelNet / Classes;
    public double WikipediaShare => Classes == 0 ? 0 : (double)WithWikipedia / Classes;
}

/// <summary>Share of a class list (wnids, one a line: the ImageNet classes) that the loaded LOD links reach a BabelNet synset / a Wikipedia page for.</summary>
public static class LinkCoverage
{
    public static LinkCoverageReport Compute(string databasePath, string classesFile)
    {
        var wnids = File.ReadLines(classesFile).Select(l => l.Trim()).Where(l => l.Length > 0).Distinct().ToArray();
        using var connection = Database.OpenReadOnly(databasePath);
        if (!connection.TableExists("wordnet_wikipedia_links"))
            throw new ArgumentException($"{databasePath} has no LOD link tables (load RDF first with ./zsl etl rdf --db {databasePath} FILE...)");
        var (withBabelNet, withWikipedia) = connection.QuerySingle<(long, long)>(SqlScripts.Get("linkeddata/coverage-linked-classes.sql"),
            new { wnids = JsonSerializer.Serialize(wnids) });
        return new LinkCoverageReport(wnids.Length, withBabelNet, withWikipedia);
    }
}
