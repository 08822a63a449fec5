using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.WordNet;

/// <summary>What a WordNet load wrote.</summary>
public sealed record WordNetLoadSummary(
    long Synsets, long Lemmas, long Pointers, long VerbFrames, long Exceptions, long IndexEntries, TimeSpan Elapsed);

/// <summary>
/// Loads the complete Princeton WordNet 3.0 database files into a new SQLite database built in a temporary
/// file and moved into place only on success.
/// </summary>
public static class WordNetLoader
{
    public const string DefaultSource = "/usr/share/wordnet";

    public static IReadOnlyList<string> RequiredFiles { get; } =
    [
        "data.noun", "data.verb", "data.adj", "data.adv",
        "index.noun", "index.verb", "index.adj", "index.adv",
        "cntlist.rev", "noun.exc", "verb.exc", "adj.exc", "adv.exc",
    ];

    public static WordNetLoadSummary Load(string sourceDirectory, string databasePath, IProgress<StageProgress>? progress = null)
    {
        if (!Directory.Exists(sourceDirectory))
            throw new DirectoryNotFoundException($"WordNet source folder {sourceDirectory} does not exist (install Debian's wordnet-base, or pass --source DIR)");
        var missing = RequiredFiles.Where(f => !File.Exists(Path.Combine(sourceDirectory, f))).ToArray();
        if (missing.Length > 0)
            throw new FileNotFoundException($"WordNet source folder {sourceDirectory} lacks {string.Join(", ", missing)}");

        var clock = Stopwatch.StartNew();
        WordNetLoadSummary? summary = null;
        // References are checked in memory while loading (much cheaper than SQLite's foreign-key check).
        Database.BuildAtomically(databasePath, checkForeignKeys: false, build: connection =>
        {
            connection.ExecuteScript("wordnet/schema.sql");
            using var transaction = connection.BeginTransaction();
            var loader = new Loading(connection, transaction, sourceDirectory, progress);
            loader.Run();
            loader.CheckReferences();
            transaction.Commit();
            progress?.Report(new StageProgress("indexes", 0, 1, "steps"));
            connection.ExecuteScript("wordnet/indexes.sql");
            progress?.Report(new StageProgress("indexes", 1, 1, "steps"));
            summary = loader.Summary(clock.Elapsed);
        });
        return summary!;
    }

    // Examples are stored as JSON text readable in a SQL console: quotes and non-ASCII letters unescaped.
    private static readonly JsonSerializerOptions ExamplesJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed class Loading(SqliteConnection connection, SqliteTransaction transaction, string source, IProgress<StageProgress>? progress)
    {
        private long _synsets, _lemmas, _pointers, _frames, _exceptions, _indexEntries;
        private readonly Dictionary<string, int> _tagCounts = new(StringComparer.Ordinal);
        private readonly Dictionary<(char Pos, string Lemma, long Offset), int> _senseRanks = new();
        private Dictionary<long, WordRecord> _adjectiveHeads = new();
        private readonly HashSet<string> _loaded = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _references = new(StringComparer.Ordinal); // target -> first referrer

        public WordNetLoadSummary Summary(TimeSpan elapsed) => new(_synsets, _lemmas, _pointers, _frames, _exceptions, _indexEntries, elapsed);

        private string PathOf(string file) => Path.Combine(source, file);

        public void Run()
        {
            using (var lexname = new PreparedStatement(connection, "wordnet/insert-lexname.sql", transaction))
                for (var i = 0; i < Lexicon.LexNames.Count; i++)
                    lexname.Execute(i, Lexicon.LexNames[i], Lexicon.LexNames[i][..Lexicon.LexNames[i].IndexOf('.')]);

            foreach (var record in WndbReader.ReadSenseCounts(PathOf("cntlist.rev")))
                _tagCounts[record.SenseKey] = record.TagCount;
            progress?.Report(new StageProgress("cntlist.rev", _tagCounts.Count, _tagCounts.Count, "sense keys"));

            var heads = Task.Run(() => WndbReader.ReadData(PathOf("data.adj")).Where(s => s.SsType == 'a').ToDictionary(s => s.Offset, s => s.Words[0]));
            LoadIndexes();
            // Sense keys of satellites name the first word of their head synset, which may come later in data.adj.
            _adjectiveHeads = heads.GetAwaiter().GetResult();

            using var synsets = new PreparedStatement(connection, "wordnet/insert-synset.sql", transaction);
            using var lemmas = new PreparedStatement(connection, "wordnet/insert-lemma.sql", transaction);
            using var pointers = new PreparedStatement(connection, "wordnet/insert-pointer.sql", transaction);
            using var frames = new PreparedStatement(connection, "wordnet/insert-verb-frame.sql", transaction);
            // Parsing runs on a second thread, ahead of the inserts on this one (SQLite writes are single-threaded).
            foreach (var (path, size, synset) in ParsedAhead())
            {
                InsertSynset(path, synset, synsets, lemmas, pointers, frames);
                if (_synsets % 2048 == 0 || synset.Offset + 1 >= size)
                    progress?.Report(new StageProgress(Path.GetFileName(path), synset.Offset, size, "bytes"));
            }
            foreach (var (_, name) in Lexicon.PartsOfSpeech)
            {
                var size = new FileInfo(PathOf($"data.{name}")).Length;
                progress?.Report(new StageProgress($"data.{name}", size, size, "bytes"));
            }

            using var exceptions = new PreparedStatement(connection, "wordnet/insert-exception.sql", transaction);
            foreach (var (pos, name) in Lexicon.PartsOfSpeech)
                foreach (var exception in WndbReader.ReadExceptions(PathOf($"{name}.exc"), pos))
                {
                    exceptions.Execute(pos.ToString(), exception.Inflected, exception.Base);
                    _exceptions++;
                }
            progress?.Report(new StageProgress("exceptions", _exceptions, _exceptions, "forms"));
        }

        /// <summary>Every synset of the four data files, parsed on a background thread into a bounded queue.</summary>
        private IEnumerable<(string Path, long Size, SynsetRecord Synset)> ParsedAhead()
        {
            using var queue = new System.Collections.Concurrent.BlockingCollection<(string, long, SynsetRecord)>(boundedCapacity: 8192);
            using var stop = new CancellationTokenSource();
            var producer = Task.Run(() =>
            {
                try
                {
                    foreach (var (_, name) in Lexicon.PartsOfSpeech)
                    {
                        var path = PathOf($"data.{name}");
                        var size = new FileInfo(path).Length;
                        foreach (var synset in WndbReader.ReadData(path)) queue.Add((path, size, synset), stop.Token);
                    }
                }
                finally { queue.CompleteAdding(); }
            });
            try
            {
                foreach (var item in queue.GetConsumingEnumerable()) yield return item;
            }
            finally
            {
                stop.Cancel(); // the consumer failed: let the producer stop instead of waiting on a full queue
                // Its own failure is rethrown below; if the consumer failed, the consumer's error is the one to report.
                try { producer.Wait(); }
                catch (AggregateException) { }
            }
            producer.GetAwaiter().GetResult(); // rethrows a parse error (DataFormatException) with its file and line
        }

        /// <summary>Every pointer and index entry must name a synset of the data files.</summary>
        public void CheckReferences()
        {
            var dangling = _references.Where(r => !_loaded.Contains(r.Key)).Take(5).ToArray();
            if (dangling.Length > 0)
                throw new DataFormatException(source, null,
                    "every pointer and index entry to name a synset of the data files; missing: " +
                    string.Join(", ", dangling.Select(d => $"{d.Key} (named by {d.Value})")));
        }

        private void LoadIndexes()
        {
            using var insert = new PreparedStatement(connection, "wordnet/insert-index.sql", transaction);
            foreach (var (pos, name) in Lexicon.PartsOfSpeech)
            {
                foreach (var entry in WndbReader.ReadIndex(PathOf($"index.{name}")))
                    for (var rank = 0; rank < entry.Offsets.Count; rank++)
                    {
                        _senseRanks[(pos, entry.Lemma, entry.Offsets[rank])] = rank + 1;
                        var wnid = WordNetIds.Wnid(pos, entry.Offsets[rank]);
                        insert.Execute(entry.Lemma, pos.ToString(), rank + 1, wnid, entry.TaggedSenseCount);
                        _references.TryAdd(wnid, $"index.{name} '{entry.Lemma}'");
                        _indexEntries++;
                    }
                progress?.Report(new StageProgress($"index.{name}", _indexEntries, null, "senses"));
            }
        }

        private void InsertSynset(string path, SynsetRecord synset, PreparedStatement synsets, PreparedStatement lemmas,
                                  PreparedStatement pointers, PreparedStatement frames)
        {
            var wnid = synset.Wnid;
            var lexname = Lexicon.LexNames[synset.LexFileNumber];
            synsets.Execute(wnid, synset.SsType.ToString(), synset.Offset, lexname, synset.Definition,
                JsonSerializer.Serialize(synset.Examples, ExamplesJson));
            _synsets++;
            _loaded.Add(wnid);

            var (headWord, headId) = synset.SsType == 's' ? HeadOf(path, synset) : ("", "");
            var indexPos = synset.SsType == 's' ? 'a' : synset.SsType;
            for (var i = 0; i < synset.Words.Count; i++)
            {
                var word = synset.Words[i];
                var senseKey = $"{word.IndexForm}%{WordNetIds.SsTypeNumber(synset.SsType)}:{synset.LexFileNumber:D2}:{word.LexId:D2}:{headWord}:{headId}";
                int? rank = _senseRanks.TryGetValue((indexPos, word.IndexForm, synset.Offset), out var r) ? r : null;
                lemmas.Execute(wnid, word.Lemma, i + 1, word.LexId, word.Marker, senseKey, rank, _tagCounts.GetValueOrDefault(senseKey));
                _lemmas++;
            }
            var sourcePos = synset.SsType;
            foreach (var pointer in synset.Pointers)
            {
                var relation = Lexicon.RelationName(sourcePos, pointer.Symbol)
                    ?? throw new DataFormatException(path, null, $"a WordNet pointer symbol for pos '{sourcePos}' in synset {synset.Offset:D8}, found '{pointer.Symbol}'");
                var target = pointer.TargetWnid;
                pointers.Execute(wnid, pointer.SourceWord, pointer.Symbol, relation, target, pointer.TargetWord);
                _references.TryAdd(target, $"{wnid} {pointer.Symbol}");
                _pointers++;
            }
            foreach (var frame in synset.Frames)
            {
                frames.Execute(wnid, frame.FrameNumber, frame.WordNumber);
                _frames++;
            }
        }

        private (string HeadWord, string HeadId) HeadOf(string path, SynsetRecord satellite)
        {
            foreach (var pointer in satellite.Pointers)
                if (pointer.Symbol == "&" && _adjectiveHeads.TryGetValue(pointer.TargetOffset, out var head))
                    return (head.IndexForm, head.LexId.ToString("D2"));
            throw new DataFormatException(path, null, $"adjective satellite {satellite.Offset:D8} to have a '&' pointer to a head synset");
        }
    }
}
