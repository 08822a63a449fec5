using System.Diagnostics;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.ImageNet;

/// <summary>
/// The ImageNet metadata files one load reads. Only the class universe, the training classes and the standard
/// splits are required; a population source (at most one) and a word-count list are optional.
/// </summary>
public sealed record ImageNetSources(
    string Universe,
    string Training,
    string TestSets,
    string? Structure = null,
    string? ReleaseStatus = null,
    string? UrlList = null,
    string? ImageFolder = null,
    string? WordCounts = null,
    string WordCountSource = "subtlex-us")
{
    /// <summary>The mirror layout of the shared data: <c>imagenet/*</c> and <c>corpora/subtlex-us-word-frequencies.json</c>.</summary>
    public static ImageNetSources FromMirror(string mirror)
    {
        if (!Directory.Exists(mirror))
            throw new DirectoryNotFoundException($"mirror folder {mirror} does not exist (set --mirror DIR or ZSL_MIRROR)");
        string In(params string[] parts) => Path.Combine([mirror, .. parts]);
        string? IfExists(string path) => File.Exists(path) || Directory.Exists(path) ? path : null;
        return new ImageNetSources(
            In("imagenet", "imagenet21k_wnids.txt"),
            In("imagenet", "ilsvrc2012_wnids.txt"),
            In("imagenet", "imagenet-testsets.json"),
            IfExists(In("imagenet", "imagenet-xml-wnids.json")),
            IfExists(In("imagenet", "ReleaseStatus.xml")),
            IfExists(In("imagenet", "fall11_urls.txt")),
            null,
            IfExists(In("corpora", "subtlex-us-word-frequencies.json")));
    }

    public int PopulationSourceCount => new[] { ReleaseStatus, UrlList, ImageFolder }.Count(s => s is not null);
}

/// <summary>What an ImageNet load wrote.</summary>
public sealed record ImageNetLoadSummary(
    int Classes, int Training, IReadOnlyDictionary<string, int> Splits, int StructureWnids,
    int? Populations, string? PopulationSource, int PopulationsOutsideUniverse,
    int? WordCounts, string? WordCountSource, TimeSpan Elapsed);

/// <summary>
/// Loads ImageNet's class metadata into an existing WordNet database (tables in sql/imagenet/schema.sql), in one
/// transaction: a failed load leaves the database as it was. Every wnid must be a WordNet 3.0 noun synset.
/// </summary>
public static class ImageNetLoader
{
    public static ImageNetLoadSummary Load(string databasePath, ImageNetSources sources, IProgress<StageProgress>? progress = null)
    {
        if (sources.PopulationSourceCount > 1)
            throw new ArgumentException("give at most one population source (ReleaseStatus.xml, an image-URL list or an image folder)");
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
                        throw new DataFormatException(populationFile!, null, $"wnid {population.Wnid} is not a WordNet 3.0 noun synset");
                    if (!universeSet.Contains(population.Wnid)) { outside++; continue; }
                    insert.Execute(population.Wnid, population.Images, population.Source);
                    populations++;
                    populationSource = population.Source;
                }
                populationSource ??= role!["populations:".Length..];
                if (File.Exists(populationFile)) Record(role!, populationFile!, populations.Value);
                else inputs.Execute(role, Path.GetFullPath(populationFile!), "", populations.Value);
                progress?.Report(new StageProgress("populations", populations.Value, populations.Value, "classes"));
            }

            // Word counts (replace this source's rows only).
            int? wordCounts = null;
            if (sources.WordCounts is not null)
            {
                connection.ExecuteScript("corpus/word-counts-schema.sql", tx);
                connection.Execute(SqlScripts.Get("corpus/delete-word-counts.sql"), new { source = sources.WordCountSource }, tx);
                using var insert = new PreparedStatement((SqliteConnection)connection, "corpus/insert-word-count.sql", tx);
                var words = ImageNetReaders.ReadWordCounts(sources.WordCounts);
                foreach (var word in words) insert.Execute(word.Word, word.Count, sources.WordCountSource);
                wordCounts = words.Count;
                Record("word-counts:" + sources.WordCountSource, sources.WordCounts, words.Count);
                progress?.Report(new StageProgress("word counts", words.Count, words.Count, "words"));
            }

            summary = new ImageNetLoadSummary(universe.Count, training.Count, splits, structure, populations, populationSource, outside,
                wordCounts, wordCounts is null ? null : sources.WordCountSource, clock.Elapsed);
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
