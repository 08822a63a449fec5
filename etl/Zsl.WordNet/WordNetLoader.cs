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
            // Pointers (a third of all rows) are written on a second thread into a side database, merged below.
            var side = databasePath + $".pointers-{Environment.ProcessId}";
            var loader = new Loading(connection, sourceDirectory, progress);
            var pointers = Task.Factory.StartNew(() => PointerLoading.Run(sourceDirectory, side), TaskCreationOptions.LongRunning);
            try
            {
                using (var transaction = connection.BeginTransaction())
                {
                    loader.Run(transaction);
                    connection.ExecuteScript("wordnet/indexes-lemmas.sql", transaction);
                    transaction.Commit();
                }
                var (pointerCount, pointerTargets) = pointers.GetAwaiter().GetResult();
                loader.CheckReferences(pointerTargets);
                connection.Execute(SqlScripts.Get("store/attach.sql"), new { path = side });
                using (var transaction = connection.BeginTransaction())
                {
                    connection.ExecuteScript("wordnet/copy-side-tables.sql", transaction);
                    transaction.Commit();
                }
                connection.ExecuteScript("store/detach.sql");
                loader.Pointers = pointerCount;
                progress?.Report(new StageProgress("pointers", pointerCount, pointerCount, "pointers"));
            }
            finally
            {
                // On failure of this thread the side load may still run: let it end before removing its file.
                try { pointers.Wait(); } catch (AggregateException) { }
                if (File.Exists(side)) File.Delete(side);
            }
            progress?.Report(new StageProgress("indexes", 0, 1, "steps"));
            connection.ExecuteScript("wordnet/indexes.sql");
            progress?.Report(new StageProgress("indexes", 1, 1, "steps"));
            summary = loader.Summary(clock.Elapsed);
        });
        return summary!;
    }

    // Examples are stored as JSON text readable in a SQL console: quotes and non-ASCII letters unescaped.
    private static readonly JsonSerializerOptions ExamplesJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed class Loading(SqliteConnection connection, string source, IProgress<StageProgress>? progress)
    {
        private long _synsets, _lemmas, _frames, _exceptions, _indexEntries;
        public long Pointers { get; set; }
        private readonly Dictionary<string, int> _tagCounts = new(StringComparer.Ordinal);
        private readonly Dictionary<(char Pos, string Lemma, long Offset), int> _senseRanks = new();
        private Dictionary<long, WordRecord> _adjectiveHeads = new();
        private readonly HashSet<string> _loaded = new(StringComparer.Ordinal);
        // target wnid -> first referrer (what, which): formatted only for an error message
        private readonly Dictionary<string, (string What, string Which)> _references = new(StringComparer.Ordinal);

        public WordNetLoadSummary Summary(TimeSpan elapsed) => new(_synsets, _lemmas, Pointers, _frames, _exceptions, _indexEntries, elapsed);

        private string PathOf(string file) => Path.Combine(source, file);

        public void Run(SqliteTransaction transaction)
        {
            using (var lexname = new PreparedStatement(connection, "wordnet/insert-lexname.sql", transaction))
                for (var i = 0; i < Lexicon.LexNames.Count; i++)
                    lexname.Execute(i, Lexicon.LexNames[i], Lexicon.LexNames[i][..Lexicon.LexNames[i].IndexOf('.')]);

            foreach (var record in WndbReader.ReadSenseCounts(PathOf("cntlist.rev")))
                _tagCounts[record.SenseKey] = record.TagCount;
            progress?.Report(new StageProgress("cntlist.rev", _tagCounts.Count, _tagCounts.Count, "sense keys"));

            var heads = Task.Factory.StartNew(() => WndbReader.ReadData(PathOf("data.adj")).Where(s => s.SsType == 'a').ToDictionary(s => s.Offset, s => s.Words[0]), TaskCreationOptions.LongRunning);
            LoadIndexes();
            // Sense keys of satellites name the first word of their head synset, which may come later in data.adj.
            _adjectiveHeads = heads.GetAwaiter().GetResult();

            using var lemmas = new PreparedStatement(connection, "wordnet/insert-lemma.sql", transaction);
            using var frames = new PreparedStatement(connection, "wordnet/insert-verb-frame.sql", transaction);
            foreach (var (_, name) in Lexicon.PartsOfSpeech)
            {
                var path = PathOf($"data.{name}");
                var size = new FileInfo(path).Length;
                foreach (var synset in WndbReader.ReadData(path))
                {
                    InsertSynset(path, synset, lemmas, frames);
                    if (_synsets % 2048 == 0) progress?.Report(new StageProgress($"data.{name}", synset.Offset, size, "bytes"));
                }
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

        /// <summary>Every pointer and index entry must name a synset of the data files.</summary>
        public void CheckReferences(IReadOnlyDictionary<string, (string What, string Which)> pointerTargets)
        {
            var dangling = _references.Concat(pointerTargets).Where(r => !_loaded.Contains(r.Key)).Take(5).ToArray();
            if (dangling.Length > 0)
                throw new DataFormatException(source, null,
                    "every pointer and index entry to name a synset of the data files; missing: " +
                    string.Join(", ", dangling.Select(d => $"{d.Key} (named by {d.Value.What} {d.Value.Which})")));
        }

        private void LoadIndexes()
        {
            foreach (var (pos, name) in Lexicon.PartsOfSpeech)
            {
                var before = _indexEntries;
                var file = $"index.{name}";
                foreach (var entry in WndbReader.ReadIndex(PathOf(file)))
                    for (var rank = 0; rank < entry.Offsets.Count; rank++)
                    {
                        _senseRanks[(pos, entry.Lemma, entry.Offsets[rank])] = rank + 1;
                        _references.TryAdd(WordNetIds.Wnid(pos, entry.Offsets[rank]), (file, entry.Lemma));
                        _indexEntries++;
                    }
                progress?.Report(new StageProgress($"index.{name}", _indexEntries - before, _indexEntries - before, "senses"));
            }
        }

        private void InsertSynset(string path, SynsetRecord synset, PreparedStatement lemmas, PreparedStatement frames)
        {
            var wnid = synset.Wnid;
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

    /// <summary>
    /// The synsets and pointers of the four data files, parsed and written to their own database file on a second
    /// thread (about half of all rows), while the main thread writes lemmas, verb frames and exceptions.
    /// </summary>
    private static class PointerLoading
    {
        public static (long Count, IReadOnlyDictionary<string, (string What, string Which)> Targets) Run(string source, string sidePath)
        {
            if (File.Exists(sidePath)) File.Delete(sidePath);
            var targets = new Dictionary<string, (string What, string Which)>(StringComparer.Ordinal); // target -> first referrer
            long count = 0;
            using var connection = Database.OpenReadWrite(sidePath);
            connection.ExecuteScript("store/pragmas-bulk-build.sql");
            connection.ExecuteScript("wordnet/schema.sql");
            using var transaction = connection.BeginTransaction();
            using var insert = new PreparedStatement(connection, "wordnet/insert-pointer.sql", transaction);
            using var synsets = new PreparedStatement(connection, "wordnet/insert-synset.sql", transaction);
            foreach (var (_, name) in Lexicon.PartsOfSpeech)
            {
                var path = Path.Combine(source, $"data.{name}");
                foreach (var synset in WndbReader.ReadData(path))
                {
                    var wnid = synset.Wnid;
                    synsets.Execute(wnid, synset.SsType.ToString(), synset.Offset, Lexicon.LexNames[synset.LexFileNumber], synset.Definition,
                        JsonSerializer.Serialize(synset.Examples, ExamplesJson));
                    foreach (var pointer in synset.Pointers)
                    {
                        var relation = Lexicon.RelationName(synset.SsType, pointer.Symbol)
                            ?? throw new DataFormatException(path, null, $"a WordNet pointer symbol for pos '{synset.SsType}' in synset {synset.Offset:D8}, found '{pointer.Symbol}'");
                        var target = pointer.TargetWnid;
                        insert.Execute(wnid, pointer.SourceWord, pointer.Symbol, relation, target, pointer.TargetWord);
                        targets.TryAdd(target, (wnid, pointer.Symbol));
                        count++;
                    }
                }
            }
            transaction.Commit();
            return (count, targets);
        }
    }
}
