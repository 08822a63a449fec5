using System.Diagnostics;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.ImageNet;

/// <summary>A word-frequency list and the source name its rows get in <c>word_counts</c>.</summary>
public sealed record WordCountList(string Source, string Path);

/// <summary>A published class list (e.g. GOZ v1's test classes) stored beside the standard splits under <see cref="Name"/>.</summary>
public sealed record ReferenceSplit(string Name, string Path);

/// <summary>
/// The ImageNet metadata files one load reads. Only the class universe, the training classes and the standard
/// splits are required; a population source (at most one), word-count lists and reference splits are optional.
/// </summary>
public sealed record ImageNetSources(
    string Universe,
    string Training,
    string TestSets,
    string? Structure = null,
    string? ReleaseStatus = null,
    string? UrlList = null,
    string? ImageFolder = null,
    IReadOnlyList<WordCountList>? WordCounts = null,
    string? ImageCounts = null,
    IReadOnlyList<ReferenceSplit>? ReferenceSplits = null)
{
    /// <summary>Source names of the word-count lists of the mirror layout.</summary>
    public const string SubtlexUs = "subtlex-us", WikipediaMlang = "enwiki-2019-mlang", WikipediaIitis = "enwiki-2012-iitis";

    /// <summary>Name of the published GOZ v1 test split (the thesis author's) among the stored splits.</summary>
    public const string GozV1 = "goz-v1";

    /// <summary>
    /// The mirror layout of the shared data: <c>imagenet/*</c> (populations from <c>ReleaseStatus.xml</c>, else
    /// <c>fall11-image-counts.tsv</c>, else <c>fall11_urls.txt</c>), <c>imagenet/goz-v1/test_wnids.txt</c>, and the
    /// word-count lists of <c>corpora/</c>.
    /// </summary>
    public static ImageNetSources FromMirror(string mirror)
    {
        if (!Directory.Exists(mirror))
            throw new DirectoryNotFoundException($"mirror folder {mirror} does not exist (set --mirror DIR or ZSL_MIRROR)");
        string In(params string[] parts) => System.IO.Path.Combine([mirror, .. parts]);
        string? IfExists(string path) => File.Exists(path) || Directory.Exists(path) ? path : null;
        var releaseStatus = IfExists(In("imagenet", "ReleaseStatus.xml"));
        var imageCounts = releaseStatus is null ? IfExists(In("imagenet", "fall11-image-counts.tsv")) : null;
        var urls = releaseStatus is null && imageCounts is null ? IfExists(In("imagenet", "fall11_urls.txt")) : null;
        var lists = new List<WordCountList>();
        void List(string source, string path) { if (IfExists(path) is { } p) lists.Add(new WordCountList(source, p)); }
        List(SubtlexUs, In("corpora", "subtlex-us-word-frequencies.json"));
        List(WikipediaMlang, In("corpora", "wikipedia-word-counts", "enwiki-2019-mlang-wikiwordfreq.txt"));
        List(WikipediaIitis, In("corpora", "wikipedia-word-counts", "enwiki-2012-iitis-wikiwords.tsv"));
        var references = IfExists(In("imagenet", "goz-v1", "test_wnids.txt")) is { } goz ? new[] { new ReferenceSplit(GozV1, goz) } : [];
        return new ImageNetSources(
            In("imagenet", "imagenet21k_wnids.txt"),
            In("imagenet", "ilsvrc2012_wnids.txt"),
            In("imagenet", "imagenet-testsets.json"),
            IfExists(In("imagenet", "imagenet-xml-wnids.json")),
            releaseStatus, urls, null, lists, imageCounts, references);
    }

    public int PopulationSourceCount => new[] { ReleaseStatus, UrlList, ImageFolder, ImageCounts }.Count(s => s is not null);
}

/// <summary>What an ImageNet load wrote.</summary>
public sealed record ImageNetLoadSummary(
    int Classes, int Training, IReadOnlyDictionary<string, int> Splits, int StructureWnids,
    int? Populations, string? PopulationSource, int PopulationsOutsideUniverse,
    IReadOnlyDictionary<string, int> WordCounts, TimeSpan Elapsed);

/// <summary>
/// Loads ImageNet's class metadata into an existing WordNet database (tables in sql/imagenet/schema.sql), in one
/// transaction: a failed load leaves the database as it was. Every wnid must be a WordNet 3.0 noun synset.
/// </summary>
public static class ImageNetLoader
{
    public static ImageNetLoadSummary Load(string databasePath, ImageNetSources sources, IProgress<StageProgress>? progress = null)
    {
        if (sources.PopulationSourceCount > 1)
            throw new ArgumentException("give at most one population source (ReleaseStatus.xml, an image-count TSV, an image-URL list or an image folder)");
        var clock = Stopwatch.StartNew();
        ImageNetLoadSummary? summary = null;
        Database.UpdateAtomically(databasePath, (connection, transaction) =>
        {
            var tx = (SqliteTransaction)transaction;
            if (!connection.TableExists("synsets"))
                throw new InvalidDataException($"{databasePath} has no WordNet tables: build it first with ./zsl etl wordnet --db {databasePath}");
            var nouns = connection.Query<string>(SqlScripts.Get("imagenet/noun-wnids.sql"), transaction: tx).ToHashSet(StringComparer.Ordinal);
            connection.ExecuteScript("imagenet/schema.sql", tx);
            using var inputs = new PreparedStatement((SqliteConnection)connection, "imagenet/insert-input.sql", tx);
            void Record(string role, string file, long records) => inputs.Execute(role, Path.GetFullPath(file), Sha256(file), records);

            // The class universe and the training classes.
            var universe = ImageNetReaders.ReadWnidList(sources.Universe).ToList();
            RequireNouns(sources.Universe, universe, nouns);
            var training = ImageNetReaders.ReadWnidList(sources.Training).ToList();
            var universeSet = universe.ToHashSet(StringComparer.Ordinal);
            RequireIn(sources.Training, training, universeSet, "the class universe " + Path.GetFileName(sources.Universe));
            var trainingSet = training.ToHashSet(StringComparer.Ordinal);
            using (var insert = new PreparedStatement((SqliteConnection)connection, "imagenet/insert-class.sql", tx))
                foreach (var wnid in universe.Order(StringComparer.Ordinal)) insert.Execute(wnid, trainingSet.Contains(wnid) ? 1 : 0);
            Record("universe", sources.Universe, universe.Count);
            Record("training", sources.Training, training.Count);
            progress?.Report(new StageProgress("classes", universe.Count, universe.Count, "wnids"));

            // The standard splits.
            var splits = new SortedDictionary<string, int>(StringComparer.Ordinal);
            using (var insert = new PreparedStatement((SqliteConnection)connection, "imagenet/insert-split.sql", tx))
                foreach (var split in ImageNetReaders.ReadTestSets(sources.TestSets))
                {
                    RequireIn(sources.TestSets, split.Wnids, universeSet, "the class universe", $"split '{split.Name}'");
                    foreach (var wnid in split.Wnids.Order(StringComparer.Ordinal)) insert.Execute(split.Name, wnid);
                    splits[split.Name] = split.Wnids.Count;
                }
            if (splits.TryGetValue("train", out var trainInSplits) && trainInSplits != training.Count)
                throw new DataFormatException(sources.TestSets, null, $"split 'train' has {trainInSplits} wnids but {sources.Training} lists {training.Count} training classes");
            Record("test-sets", sources.TestSets, splits.Values.Sum());

            // Published reference splits (GOZ v1), stored beside the standard ones.
            using (var insert = new PreparedStatement((SqliteConnection)connection, "imagenet/insert-split.sql", tx))
                foreach (var reference in sources.ReferenceSplits ?? [])
                {
                    if (splits.ContainsKey(reference.Name))
                        throw new ArgumentException($"reference split '{reference.Name}' ({reference.Path}) has the name of a split of {sources.TestSets}");
                    var wnids = ImageNetReaders.ReadWnidList(reference.Path).ToList();
                    RequireIn(reference.Path, wnids, universeSet, "the class universe");
                    var inTraining = wnids.FirstOrDefault(trainingSet.Contains);
                    if (inTraining is not null) throw new DataFormatException(reference.Path, null, $"wnid {inTraining} is a training class: a test split cannot hold it");
                    foreach (var wnid in wnids.Order(StringComparer.Ordinal)) insert.Execute(reference.Name, wnid);
                    splits[reference.Name] = wnids.Count;
                    Record("split:" + reference.Name, reference.Path, wnids.Count);
                }
            progress?.Report(new StageProgress("splits", splits.Count, splits.Count, "splits"));

            // The ImageNet structure (optional).
            var structure = 0;
            if (sources.Structure is not null)
            {
                var wnids = ImageNetReaders.ReadWnidArray(sources.Structure);
                RequireNouns(sources.Structure, wnids, nouns);
                using var insert = new PreparedStatement((SqliteConnection)connection, "imagenet/insert-structure.sql", tx);
                foreach (var wnid in wnids.Order(StringComparer.Ordinal)) insert.Execute(wnid);
                structure = wnids.Count;
                Record("structure", sources.Structure, structure);
            }

            // Populations, from whichever source the user has.
            int? populations = null;
            string? populationSource = null;
            var outside = 0;
            var (populationFile, role, records) =
                sources.ReleaseStatus is { } xml ? (xml, "populations:release-status", ImageNetReaders.ReadReleaseStatus(xml))
                : sources.ImageCounts is { } tsv ? (tsv, "populations:image-counts", ImageNetReaders.ReadImageCounts(tsv))
                : sources.UrlList is { } urls ? (urls, "populations:url-list", ImageNetReaders.ReadUrlList(urls))
                : sources.ImageFolder is { } folder ? (folder, "populations:image-folder", ImageNetReaders.CountImageFolder(folder))
                : (null, null, null);
            if (records is not null)
            {
                populations = 0;
                using var insert = new PreparedStatement((SqliteConnection)connection, "imagenet/insert-population.sql", tx);
                foreach (var population in records)
                {
                    if (!nouns.Contains(population.Wnid))
                        throw new DataFormatException(populationFile!, population.Line, $"wnid {population.Wnid} is not a WordNet 3.0 noun synset");
                    if (!universeSet.Contains(population.Wnid))
                    {
                        // An image-count table lists classes: one outside the universe is an error, not a skipped image.
                        if (sources.ImageCounts is not null)
                            throw new DataFormatException(populationFile!, population.Line, $"wnid {population.Wnid} is not one of the {universe.Count:N0} ImageNet classes of {Path.GetFileName(sources.Universe)}");
                        outside++;
                        continue;
                    }
                    insert.Execute(population.Wnid, population.Images, population.Source);
                    populations++;
                    populationSource = population.Source;
                }
                populationSource ??= role!["populations:".Length..];
                if (File.Exists(populationFile)) Record(role!, populationFile!, populations.Value);
                else inputs.Execute(role, Path.GetFullPath(populationFile!), "", populations.Value);
                progress?.Report(new StageProgress("populations", populations.Value, populations.Value, "classes"));
            }

            // Word counts (each list replaces its own source's rows only).
            var wordCounts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var list in sources.WordCounts ?? [])
            {
                if (wordCounts.ContainsKey(list.Source)) throw new ArgumentException($"word-count source '{list.Source}' is given twice");
                connection.ExecuteScript("corpus/word-counts-schema.sql", tx);
                connection.Execute(SqlScripts.Get("corpus/delete-word-counts.sql"), new { source = list.Source }, tx);
                connection.Execute(SqlScripts.Get("corpus/delete-word-count-corpus.sql"), new { source = list.Source }, tx);
                using var insert = new PreparedStatement((SqliteConnection)connection, "corpus/insert-word-count.sql", tx);
                var words = ImageNetReaders.ReadWordCountList(list.Path);
                foreach (var word in words) insert.Execute(word.Word, word.Count, list.Source);
                wordCounts[list.Source] = words.Count;
                Record("word-counts:" + list.Source, list.Path, words.Count);
                progress?.Report(new StageProgress("word counts", words.Count, words.Count, "words"));
            }

            summary = new ImageNetLoadSummary(universe.Count, training.Count, splits, structure, populations, populationSource, outside,
                wordCounts, clock.Elapsed);
        });
        return summary!;
    }

    private static void RequireNouns(string file, IEnumerable<string> wnids, HashSet<string> nouns)
    {
        foreach (var wnid in wnids)
            if (!nouns.Contains(wnid))
                throw new DataFormatException(file, null, $"wnid {wnid} is not a WordNet 3.0 noun synset");
    }

    private static void RequireIn(string file, IEnumerable<string> wnids, HashSet<string> set, string setName, string? where = null)
    {
        foreach (var wnid in wnids)
            if (!set.Contains(wnid))
                throw new DataFormatException(file, null, $"{(where is null ? "" : where + ": ")}wnid {wnid} is not in {setName}");
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
