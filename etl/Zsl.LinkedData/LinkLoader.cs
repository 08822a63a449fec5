using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.LinkedData;

/// <summary>The link files to load; a source left null is not loaded. <c>*WordNet31</c>: the file names WordNet 3.1 synsets.</summary>
public sealed record LinkFiles
{
    public string? BabelNet { get; init; }
    public bool BabelNetWordNet31 { get; init; }
    public string? Fernando { get; init; }
    public bool FernandoWordNet31 { get; init; }
    /// <summary>CILI's ili-map-pwn30.tab and ili-map-pwn31.tab (both or neither).</summary>
    public string? Cili30 { get; init; }
    public string? Cili31 { get; init; }
}

public sealed record LinkFileSummary(string Source, string Path, long Lines, long Records, long Skipped, long Unmapped, IReadOnlyList<string> FirstErrors);

public sealed record LinkLoadSummary(IReadOnlyList<LinkFileSummary> Files, long WordNetWikipediaLinks, ArticleChoiceSummary Choice, TimeSpan Elapsed);

/// <summary>
/// <c>etl links</c>: streams the BabelNet 2.0.1 extract, Fernando's 2013 mapping and the CILI maps into
/// <c>babelnet_synsets</c>, <c>babelnet_wordnet_links</c>, <c>babelnet_external_links</c>, <c>wordnet_wikipedia_links</c>
/// and <c>ili</c>, then chooses one article per synset (<see cref="ArticleChoice"/>). One transaction: a bad line
/// leaves the database as it was; a rerun replaces the tables.
/// </summary>
public static class LinkLoader
{
    public const string WordNet30Iri = "http://wordnet-rdf.princeton.edu/wn30/";
    public const string WordNet31Iri = "http://wordnet-rdf.princeton.edu/wn31/";

    public static LinkLoadSummary Load(string databasePath, LinkFiles files, LinkReadOptions? options = null, IProgress<StageProgress>? progress = null)
    {
        if (files.BabelNet is null && files.Fernando is null && files.Cili30 is null)
            throw new ArgumentException("no link files given (BabelNet extract, Fernando mapping or CILI maps)");
        if ((files.Cili30 is null) != (files.Cili31 is null))
            throw new ArgumentException("CILI needs both maps, ili-map-pwn30.tab and ili-map-pwn31.tab");
        foreach (var path in new[] { files.BabelNet, files.Fernando, files.Cili30, files.Cili31 }.OfType<string>())
            if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist", path);
        options ??= new LinkReadOptions();
        var clock = Stopwatch.StartNew();
        LinkLoadSummary? summary = null;
        Database.UpdateAtomically(databasePath, (c, t) =>
        {
            var connection = (SqliteConnection)c;
            var transaction = (SqliteTransaction)t;
            var summaries = new List<LinkFileSummary>();
            if (files.Cili30 is not null)
            {
                connection.ExecuteScript("linkeddata/schema-ili.sql", transaction);
                summaries.Add(LoadCili(connection, transaction, files.Cili30, "linkeddata/insert-ili-wn30.sql", "cili wn30", options));
                summaries.Add(LoadCili(connection, transaction, files.Cili31!, "linkeddata/upsert-ili-wn31.sql", "cili wn31", options));
                progress?.Report(new StageProgress("links: cili", summaries.Sum(s => s.Records), null, "rows"));
            }
            if ((files.BabelNetWordNet31 && files.BabelNet is not null || files.FernandoWordNet31 && files.Fernando is not null) && !connection.TableExists("ili"))
                throw new ArgumentException("WordNet 3.1 identifiers need the CILI maps (--cili-30 and --cili-31, or an ili table loaded before)");
            if (files.BabelNet is null && files.Fernando is null)
            {
                summary = new LinkLoadSummary(summaries, 0, new ArticleChoiceSummary(0, 0, 0, new Dictionary<string, long>()), TimeSpan.Zero);
                return; // only the ILI: the links already loaded stay
            }
            connection.ExecuteScript("linkeddata/schema-babelnet.sql", transaction);
            using var links = new PreparedStatement(connection, "linkeddata/insert-wordnet-wikipedia-link.sql", transaction);
            var mapper = new WordNetMapper(connection, transaction);
            if (files.BabelNet is not null)
                summaries.Add(LoadBabelNet(connection, transaction, files.BabelNet, files.BabelNetWordNet31, options, links, mapper, progress));
            if (files.Fernando is not null)
                summaries.Add(LoadFernando(files.Fernando, files.FernandoWordNet31, options, links, mapper, progress));
            var total = connection.ExecuteScalar<long>(SqlScripts.Get("linkeddata/count-wordnet-wikipedia-links.sql"), transaction: transaction);
            var choice = ArticleChoice.Compute(connection, transaction);
            progress?.Report(new StageProgress("links: article choice", choice.Synsets, choice.Synsets, "synsets"));
            summary = new LinkLoadSummary(summaries, total, choice, TimeSpan.Zero);
        });
        return summary! with { Elapsed = clock.Elapsed };
    }

    /// <summary>WordNet 3.1 synsets to 3.0 wnids through the ILI (cached lookups).</summary>
    private sealed class WordNetMapper(SqliteConnection connection, SqliteTransaction transaction)
    {
        private readonly Dictionary<string, string?> _cache = new(StringComparer.Ordinal);

        public string? To30(string wn31)
        {
            if (!_cache.TryGetValue(wn31, out var wnid))
                _cache[wn31] = wnid = connection.ExecuteScalar<string?>(SqlScripts.Get("linkeddata/lookup-ili-wn31.sql"), new { wn31 }, transaction);
            return wnid;
        }
    }

    private static LinkFileSummary LoadCili(SqliteConnection connection, SqliteTransaction transaction, string path, string script, string source, LinkReadOptions options)
    {
        var reader = new LinkSourceReader(path, options);
        using var insert = new PreparedStatement(connection, script, transaction);
        long records = 0;
        foreach (var row in reader.Cili())
        {
            try { insert.Execute(row.Ili, row.Synset); }
            catch (SqliteException e) { throw new DataFormatException(path, row.Line, $"field 1: ILI id {row.Ili} appears a second time", e); }
            records++;
        }
        return new LinkFileSummary(source, path, reader.Lines, records, reader.Skipped, 0, reader.Errors);
    }

    private static LinkFileSummary LoadBabelNet(SqliteConnection connection, SqliteTransaction transaction, string path, bool wordNet31,
        LinkReadOptions options, PreparedStatement links, WordNetMapper mapper, IProgress<StageProgress>? progress)
    {
        var reader = new LinkSourceReader(path, options);
        using var synsets = new PreparedStatement(connection, "linkeddata/insert-babelnet-synset.sql", transaction);
        using var wordNet = new PreparedStatement(connection, "linkeddata/insert-babelnet-wordnet-link.sql", transaction);
        using var external = new PreparedStatement(connection, "linkeddata/insert-babelnet-external-link.sql", transaction);
        long records = 0, unmapped = 0;
        foreach (var line in reader.BabelNet())
        {
            var id = line.SynsetId;
            synsets.Execute(id, LodIris.BabelNetResource + "s" + id[3..], line.SynsetType, null, line.MainSense);
            var wnids = new List<string>();
            foreach (var synset in line.Synsets)
            {
                var wnid = wordNet31 ? mapper.To30(synset) : synset;
                if (wnid is null) unmapped++; else wnids.Add(wnid);
                wordNet.Execute(id, wnid, (wordNet31 ? WordNet31Iri : WordNet30Iri) + synset[1..] + "-" + synset[0]);
            }
            foreach (var (language, title) in line.Articles)
                external.Execute(id, "wikipedia", WikipediaTitles.Iri(language, title), language, title, "synset");
            foreach (var (language, title) in line.Articles)
            {
                var redirects = JsonSerializer.Serialize(line.Redirects.Where(r => r.Language == language).Select(r => r.Title)
                    .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
                foreach (var wnid in wnids)
                    links.Execute(wnid, "babelnet", language, title, id, null, null, line.MainSense, redirects);
            }
            if (++records % 10_000 == 0) progress?.Report(new StageProgress("links: babelnet", records, null, "synsets"));
        }
        return new LinkFileSummary("babelnet", path, reader.Lines, records, reader.Skipped, unmapped, reader.Errors);
    }

    private static LinkFileSummary LoadFernando(string path, bool wordNet31, LinkReadOptions options, PreparedStatement links,
        WordNetMapper mapper, IProgress<StageProgress>? progress)
    {
        var reader = new LinkSourceReader(path, options);
        long records = 0, unmapped = 0;
        foreach (var link in reader.Fernando())
        {
            records++;
            var wnid = wordNet31 ? mapper.To30(link.Synset) : link.Synset;
            if (wnid is null) { unmapped++; continue; }
            links.Execute(wnid, "fernando", "en", link.Title, null, link.PageId, link.Confidence, link.Lemma, "[]");
        }
        progress?.Report(new StageProgress("links: fernando", records, records, "links"));
        return new LinkFileSummary("fernando", path, reader.Lines, records, reader.Skipped, unmapped, reader.Errors);
    }
}
