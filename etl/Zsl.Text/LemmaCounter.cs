using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.Text;

/// <summary>Which co-occurrences to collect: every context word around every target lemma, within ±<see cref="Window"/> tokens.</summary>
public sealed record CooccurrenceSpec(IReadOnlyList<string> Lemmas, IReadOnlyList<string> Words, int Window = 5);

public sealed record Cooccurrence(string Lemma, string Word, long Count, long LemmaOccurrences, long ContextTokens)
{
    /// <summary>p(word | lemma): the share of the tokens in the lemma's windows that are <see cref="Word"/>.</summary>
    public double P => ContextTokens == 0 ? 0 : (double)Count / ContextTokens;
}

public sealed record CorpusCounts(
    string Corpus, long Documents, long Tokens, IReadOnlyDictionary<string, long> Counts,
    IReadOnlyList<Cooccurrence> Cooccurrences, int Window, TimeSpan Elapsed);

/// <summary>
/// Counts, in one pass over a corpus, the occurrences of every phrase of a list (unigrams and multi-word
/// lemmas, case-insensitive, on token boundaries) with a <see cref="TokenTrie"/>, and optionally the
/// co-occurrence of context words with chosen lemmas in a ±N-token window (thesis table 4.1). Overlapping
/// occurrences all count: "polar bear" counts once for "polar bear" and once for "bear".
/// </summary>
public static class LemmaCounter
{
    public static CorpusCounts Count(ICorpus corpus, IEnumerable<string> phrases, CooccurrenceSpec? cooccurrence = null,
        IProgress<StageProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var trie = new TokenTrie();
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var phrase in phrases)
            if (trie.Add(phrase) >= 0) keys.Add(Tokenizer.Key(phrase));
        // co-occurrence targets are patterns too; context words are single tokens
        var targets = new Dictionary<int, int>(); // pattern id -> target index
        var targetKeys = new List<string>();
        var contextIds = new Dictionary<int, int>(); // token id -> context word index
        var contextKeys = new List<string>();
        if (cooccurrence is not null)
        {
            if (cooccurrence.Window < 1) throw new ArgumentException("the co-occurrence window must be at least 1 word");
            foreach (var lemma in cooccurrence.Lemmas)
            {
                var pattern = trie.Add(lemma);
                if (pattern >= 0 && !targets.ContainsKey(pattern)) { targets[pattern] = targetKeys.Count; targetKeys.Add(trie.Pattern(pattern)); }
            }
            foreach (var word in cooccurrence.Words)
            {
                var tokens = Tokenizer.Tokens(word);
                if (tokens.Count != 1) throw new ArgumentException($"context word '{word}' must be a single token");
                var id = trie.AddToken(tokens[0]);
                if (!contextIds.ContainsKey(id)) { contextIds[id] = contextKeys.Count; contextKeys.Add(tokens[0]); }
            }
        }
        var counts = new long[trie.PatternCount];
        var cooc = new long[targetKeys.Count, contextKeys.Count];
        var occurrences = new long[targetKeys.Count];
        var contextTokens = new long[targetKeys.Count];
        var window = cooccurrence?.Window ?? 0;
        var ids = new List<int>();
        long documents = 0, tokenTotal = 0;
        foreach (var document in corpus.Documents())
        {
            trie.TokenIds(document, ids);
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids);
            var docIds = ids;
            trie.Match(span, (pattern, start, length) =>
            {
                counts[pattern]++;
                if (targets.Count == 0 || !targets.TryGetValue(pattern, out var t)) return;
                occurrences[t]++;
                var from = Math.Max(0, start - window);
                var to = Math.Min(docIds.Count, start + length + window);
                contextTokens[t] += (start - from) + (to - start - length);
                for (var i = from; i < to; i++)
                {
                    if (i == start) { i += length - 1; continue; }
                    if (docIds[i] >= 0 && contextIds.TryGetValue(docIds[i], out var w)) cooc[t, w]++;
                }
            });
            documents++;
            tokenTotal += ids.Count;
            if (documents % 1000 == 0) progress?.Report(new StageProgress($"count {corpus.Name}", documents, null, "documents"));
        }
        var byKey = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var trieKey = key;
            byKey[trieKey] = 0;
        }
        for (var p = 0; p < trie.PatternCount; p++)
            if (byKey.ContainsKey(trie.Pattern(p))) byKey[trie.Pattern(p)] = counts[p];
        var pairs = new List<Cooccurrence>();
        for (var t = 0; t < targetKeys.Count; t++)
            for (var w = 0; w < contextKeys.Count; w++)
                pairs.Add(new Cooccurrence(targetKeys[t], contextKeys[w], cooc[t, w], occurrences[t], contextTokens[t]));
        return new CorpusCounts(corpus.Name, documents, tokenTotal, byKey, pairs, window, clock.Elapsed);
    }

    /// <summary>Replaces the rows of <paramref name="source"/> in <c>word_counts</c> (other sources' rows stay).</summary>
    public static void SaveWordCounts(SqliteConnection connection, SqliteTransaction transaction, CorpusCounts counts, string source)
    {
        connection.ExecuteScript("corpus/word-counts-schema.sql", transaction);
        connection.Execute(SqlScripts.Get("corpus/delete-word-counts.sql"), new { source }, transaction);
        using var insert = new PreparedStatement(connection, "corpus/insert-word-count.sql", transaction);
        foreach (var (word, count) in counts.Counts) insert.Execute(word, count, source);
        connection.Execute(SqlScripts.Get("corpus/upsert-word-count-corpus.sql"),
            new { source, corpus = counts.Corpus, documents = counts.Documents, tokens = counts.Tokens }, transaction);
    }

    /// <summary>Replaces the rows of <paramref name="source"/> and this window size in <c>word_cooccurrence</c>.</summary>
    public static void SaveCooccurrences(SqliteConnection connection, SqliteTransaction transaction, CorpusCounts counts, string source)
    {
        connection.ExecuteScript("text/cooccurrence-create.sql", transaction);
        connection.Execute(SqlScripts.Get("text/cooccurrence-delete.sql"), new { source, window_size = counts.Window }, transaction);
        using var insert = new PreparedStatement(connection, "text/cooccurrence-insert.sql", transaction);
        foreach (var c in counts.Cooccurrences)
            insert.Execute(c.Lemma, c.Word, counts.Window, c.Count, c.LemmaOccurrences, c.ContextTokens, c.P, source);
    }

    /// <summary>
    /// The lemmas of WordNet noun synsets from the database (all of them, or those of <paramref name="wnids"/>,
    /// e.g. the ImageNet classes), as written in WordNet ("Canis_familiaris").
    /// </summary>
    public static IReadOnlyList<string> NounLemmas(string dbPath, IReadOnlySet<string>? wnids = null)
    {
        using var connection = Database.OpenReadOnly(dbPath);
        if (!connection.TableExists("lemmas"))
            throw new InvalidDataException($"{dbPath} has no WordNet lemmas (build it first: ./zsl etl wordnet --db {dbPath})");
        return connection.Query<(string Wnid, string Lemma)>(SqlScripts.Get("text/lemmas-of-nouns.sql"))
            .Where(r => wnids is null || wnids.Contains(r.Wnid)).Select(r => r.Lemma).Distinct().ToArray();
    }

    /// <summary>Reads a file of wnids, one a line (blank lines and #comments ignored).</summary>
    public static IReadOnlySet<string> ReadWnids(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"wnid list {path} does not exist", path);
        var set = new HashSet<string>(StringComparer.Ordinal);
        var line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            var s = raw.Trim();
            if (s.Length == 0 || s.StartsWith('#')) continue;
            if (s.Length != 9 || !"nvasr".Contains(s[0]) || !s.AsSpan(1).ContainsOnlyDigits())
                throw new DataFormatException(path, line, $"a wnid (POS letter + 8 digits, e.g. n02084071), got '{s}'");
            set.Add(s);
        }
        return set;
    }
}

internal static class SpanExtensions
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}
