using System.Diagnostics;
using System.Text;
using Zsl.Rdf;
using Zsl.Store;

namespace Zsl.LinkedData;

/// <summary>What <c>rdf check</c> and <c>rdf stats</c> found in one file.</summary>
public sealed record RdfFileReport(
    string Path, RdfSyntax Syntax, long Statements, long InvalidLines, IReadOnlyList<RdfSyntaxError> FirstErrors,
    long Iris, long BlankNodes, long Literals, long LanguageLiterals, long TypedLiterals, long WithGraph,
    IReadOnlyList<(string Predicate, long Count)> TopPredicates, long DistinctPredicates,
    IReadOnlyList<(string Language, long Count)> Languages, TimeSpan Elapsed)
{
    public double StatementsPerSecond => Statements / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>Validating and summarising N-Triples / N-Quads files with the streaming reader.</summary>
public static class RdfInspector
{
    private const int MaxDistinctTracked = 100_000;

    /// <summary>Parses every statement (the fast path: no strings are made), counting statements and invalid lines.</summary>
    public static RdfFileReport Check(string path, RdfReaderOptions options, IProgress<StageProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        using var reader = NQuadsReader.Open(path, options);
        while (reader.Read())
            if ((reader.StatementCount & 0xFFFFF) == 0) progress?.Report(new StageProgress("check", reader.StatementCount, null, "statements"));
        return new RdfFileReport(path, reader.Syntax, reader.StatementCount, reader.InvalidLineCount, reader.Errors.ToList(),
            0, 0, 0, 0, 0, 0, [], 0, [], clock.Elapsed);
    }

    /// <summary>Term kinds, literal forms, predicate and language histograms (distinct values tracked up to a bound, so memory stays flat).</summary>
    public static RdfFileReport Stats(string path, RdfReaderOptions options, int top = 20, IProgress<StageProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        using var reader = NQuadsReader.Open(path, options);
        var interner = new TermInterner();
        var predicates = new Dictionary<string, long>(StringComparer.Ordinal);
        var languages = new Dictionary<string, long>(StringComparer.Ordinal);
        long iris = 0, blanks = 0, literals = 0, lang = 0, typed = 0, graphs = 0, untracked = 0;
        while (reader.Read())
        {
            Count(reader.Subject);
            Count(reader.Predicate);
            Count(reader.Object);
            if (reader.HasGraph) { graphs++; Count(reader.Graph); }
            var p = interner.Get(reader.Predicate.Value);
            if (predicates.TryGetValue(p, out var n)) predicates[p] = n + 1;
            else if (predicates.Count < MaxDistinctTracked) predicates[p] = 1;
            else untracked++;
            var o = reader.Object;
            if (o.Kind == RdfTermKind.Literal)
            {
                if (!o.Language.IsEmpty)
                {
                    lang++;
                    var tag = interner.Get(o.Language);
                    languages[tag] = languages.GetValueOrDefault(tag) + 1;
                }
                else if (!o.Datatype.IsEmpty) typed++;
            }
            if ((reader.StatementCount & 0xFFFFF) == 0) progress?.Report(new StageProgress("stats", reader.StatementCount, null, "statements"));
        }
        return new RdfFileReport(path, reader.Syntax, reader.StatementCount, reader.InvalidLineCount, reader.Errors.ToList(),
            iris, blanks, literals, lang, typed, graphs,
            predicates.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(top).Select(kv => (kv.Key, kv.Value)).ToList(),
            predicates.Count,
            languages.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(top).Select(kv => (kv.Key, kv.Value)).ToList(),
            clock.Elapsed);

        void Count(RdfTermSpan term)
        {
            switch (term.Kind)
            {
                case RdfTermKind.Iri: iris++; break;
                case RdfTermKind.BlankNode: blanks++; break;
                default: literals++; break;
            }
        }
    }
}
