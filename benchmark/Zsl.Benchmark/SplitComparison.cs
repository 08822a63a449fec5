using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.Benchmark;

/// <summary>One split of a comparison, measured against the filtered candidate pool of the default generator settings.</summary>
public sealed record SplitMeasures(
    string Name, string Origin, int Size, int TrainingClasses, double R, double MedianR, int StructuralFlaws,
    int Lexnames, double LexnameEntropy, double LexnameTvd,
    long? MinImages, double? MedianImages, int ClassesUnder300, int PopulationUnknown,
    double KnownRareShare, double UnknownCountShare, double UnknownMultiWordShare, double MultiWordShare,
    double PrimaryShare, double PeopleShare, double MeanTrainDistance,
    IReadOnlyDictionary<string, int> LexnameCounts);

/// <summary>A comparison: the splits and the candidate pool their lexname shares are measured against.</summary>
public sealed record Comparison(IReadOnlyList<SplitMeasures> Splits, IReadOnlyDictionary<string, int> PoolLexnames, int PoolSize, long RareBelow, long MinPopulation)
{
    /// <summary>The candidate pool's median images per class, unknown-count and multi-word label shares (the generator's default share bounds).</summary>
    public double? PoolMedianImages { get; init; }
    public double PoolUnknownCountShare { get; init; }
    public double PoolMultiWordShare { get; init; }
}

/// <summary>
/// Measures test splits side by side (benchmark compare, and the data card of benchmark publish): structural ratio and
/// flaws, lexname representativeness, image populations, label frequency, primary meaning, people, distance to training.
/// A split is a name of imagenet_splits (2-hops, all, goz-v1, ...), a split folder (test_wnids.txt, and train_wnids.txt
/// if there) or a wnid file.
/// </summary>
public static class SplitComparison
{
    private sealed record ClassRow(string wnid, string lexname, long? population, long? word_count, long is_ngram, long is_primary, long is_class);

    public static Comparison Compare(string databasePath, IReadOnlyList<string> splits, GeneratorOptions? poolOptions = null)
    {
        if (splits.Count == 0) throw new ArgumentException("name at least one split to compare");
        var options = poolOptions ?? new GeneratorOptions();
        using var connection = Database.OpenReadOnly(databasePath);
        if (!connection.TableExists("class_stats"))
            throw new InvalidDataException($"{databasePath} has no class_stats table: run ./zsl benchmark stats --db {databasePath} first");
        var graph = NounGraph.Load(connection);
        var training = ImageNetClasses.Training(connection);
        var pool = SplitGenerator.CandidatePool(connection, graph, training, options);
        var person = graph.IndexOf(GeneratorOptions.Person);
        var measures = splits.Select(s => Measure(connection, graph, training, Resolve(connection, graph, s), pool, person, options)).ToArray();
        var classes = pool.Classes;
        return new Comparison(measures, pool.Lexnames, classes.Count, options.RareBelow, options.MinPopulation)
        {
            PoolMedianImages = SplitGenerator.Median(classes.Where(c => c.Population is not null).Select(c => c.Population!.Value)),
            PoolUnknownCountShare = classes.Count == 0 ? 0 : (double)classes.Count(c => c.WordCount is null) / classes.Count,
            PoolMultiWordShare = classes.Count == 0 ? 0 : (double)classes.Count(c => c.IsNgram != 0) / classes.Count,
        };
    }

    private sealed record ResolvedSplit(string Name, string Origin, IReadOnlyList<string>? Training, IReadOnlyList<string> Test);

    private static ResolvedSplit Resolve(SqliteConnection connection, NounGraph graph, string split)
    {
        if (Directory.Exists(split))
        {
            var test = Path.Combine(split, SplitFiles.TestFile);
            if (!File.Exists(test)) throw new FileNotFoundException($"split folder {split} has no {SplitFiles.TestFile}", test);
            var train = Path.Combine(split, SplitFiles.TrainFile);
            return new ResolvedSplit(Path.GetFileName(Path.TrimEndingDirectorySeparator(split)), "folder " + split,
                File.Exists(train) ? ImageNetClasses.ReadWnidFile(train, graph) : null, ImageNetClasses.ReadWnidFile(test, graph));
        }
        if (File.Exists(split))
        {
            var name = Path.GetFileName(split) == SplitFiles.TestFile ? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(split))) ?? split : Path.GetFileNameWithoutExtension(split);
            return new ResolvedSplit(name, "file " + split, null, ImageNetClasses.ReadWnidFile(split, graph));
        }
        if (split.Contains('/') || split.Contains(Path.DirectorySeparatorChar))
            throw new FileNotFoundException($"split {split} is neither a split folder nor a wnid file", split);
        return new ResolvedSplit(split, "stored split " + split, null, ImageNetClasses.Split(connection, split));
    }

    private static SplitMeasures Measure(SqliteConnection connection, NounGraph graph, IReadOnlyList<string> defaultTraining, ResolvedSplit split,
                                         CandidatePool pool, int person, GeneratorOptions options)
    {
        var training = split.Training ?? defaultTraining;
        var ratio = StructuralRatio.Compute(graph, training, split.Test);
        var rows = connection.Query<ClassRow>(SqlScripts.Get("benchmark/compared-classes.sql"), new { wnids = JsonSerializer.Serialize(split.Test) })
            .ToDictionary(r => r.wnid, StringComparer.Ordinal);
        var missing = split.Test.FirstOrDefault(w => !rows.ContainsKey(w));
        if (missing is not null) throw new InvalidDataException($"split {split.Name}: {missing} is not an ImageNet class (no row in class_stats)");
        var classes = split.Test.Select(w => rows[w]).ToArray();
        var n = (double)classes.Length;
        var lexnames = classes.GroupBy(c => c.lexname).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var populations = classes.Where(c => c.population is not null).Select(c => c.population!.Value).Order().ToArray();
        double? median = populations.Length == 0 ? null
            : populations.Length % 2 == 1 ? populations[populations.Length / 2] : (populations[populations.Length / 2 - 1] + populations[populations.Length / 2]) / 2.0;
        var people = split.Test.Count(w => { var node = graph.IndexOf(w); return node == person || graph.Ancestors(node).Contains(person); });
        return new SplitMeasures(split.Name, split.Origin, classes.Length, training.Count, ratio.R, ratio.Quantile(0.5), ratio.Flaws.Count,
            lexnames.Count, SplitGenerator.Entropy(lexnames.Values), SplitGenerator.TotalVariation(lexnames, pool.Lexnames),
            populations.Length == 0 ? null : populations[0], median, populations.Count(p => p < options.MinPopulation), classes.Length - populations.Length,
            classes.Count(c => c.word_count < options.RareBelow) / n, classes.Count(c => c.word_count is null) / n,
            classes.Count(c => c.word_count is null && c.is_ngram != 0) / n, classes.Count(c => c.is_ngram != 0) / n,
            classes.Count(c => c.is_primary != 0) / n, people / n, ratio.Classes.Average(c => c.TrainDistance), lexnames);
    }

    private static string Percent(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    private static string Fixed(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The rows of the comparison table: a measure and its value for each split.</summary>
    public static IReadOnlyList<(string Measure, string[] Values)> Rows(Comparison comparison)
    {
        var s = comparison.Splits;
        string[] Each(Func<SplitMeasures, string> f) => s.Select(f).ToArray();
        return
        [
            ("test classes", Each(m => m.Size.ToString("N0", CultureInfo.InvariantCulture))),
            ("structural ratio R", Each(m => Fixed(m.R, "0.00"))),
            ("median r(c)", Each(m => Fixed(m.MedianR, "0.00"))),
            ("structural flaws (ancestor/descendant pairs)", Each(m => m.StructuralFlaws.ToString("N0", CultureInfo.InvariantCulture))),
            ("mean distance to the nearest training class", Each(m => Fixed(m.MeanTrainDistance, "0.00"))),
            ("lexnames (entropy, nat)", Each(m => $"{m.Lexnames} ({Fixed(m.LexnameEntropy, "0.00")})")),
            ($"lexname TVD to the candidate pool ({comparison.PoolSize:N0} classes)", Each(m => Fixed(m.LexnameTvd, "0.000"))),
            ("images per class: min", Each(m => m.MinImages?.ToString("N0", CultureInfo.InvariantCulture) ?? "unknown")),
            ($"images per class: median (pool {comparison.PoolMedianImages?.ToString("#,0.#", CultureInfo.InvariantCulture) ?? "unknown"})", Each(m => m.MedianImages is { } v ? v.ToString("#,0.#", CultureInfo.InvariantCulture) : "unknown")),
            ($"classes under {comparison.MinPopulation} images", Each(m => m.ClassesUnder300.ToString("N0", CultureInfo.InvariantCulture) + (m.PopulationUnknown > 0 ? $" (+{m.PopulationUnknown} unknown)" : ""))),
            ($"labels known to be rare (< {comparison.RareBelow})", Each(m => Percent(m.KnownRareShare))),
            ($"labels of unknown count (multi-word) (pool {Percent(comparison.PoolUnknownCountShare)})", Each(m => $"{Percent(m.UnknownCountShare)} ({Percent(m.UnknownMultiWordShare)})")),
            ($"multi-word labels (pool {Percent(comparison.PoolMultiWordShare)})", Each(m => Percent(m.MultiWordShare))),
            ("primary meaning", Each(m => Percent(m.PrimaryShare))),
            ("people (under person.n.01)", Each(m => Percent(m.PeopleShare))),
        ];
    }

    /// <summary>The comparison as one Markdown table, splits as columns.</summary>
    public static string Markdown(Comparison comparison)
    {
        var md = new StringBuilder();
        md.Append("| measure | ").Append(string.Join(" | ", comparison.Splits.Select(s => s.Name))).Append(" |\n");
        md.Append("|---|").Append(string.Concat(comparison.Splits.Select(_ => "---|"))).Append('\n');
        foreach (var (measure, values) in Rows(comparison)) md.Append("| ").Append(measure).Append(" | ").Append(string.Join(" | ", values)).Append(" |\n");
        return md.ToString();
    }

    /// <summary>The comparison as JSON: the pool and, for each split, every measure and its lexname counts.</summary>
    public static string Json(Comparison comparison)
    {
        return JsonFile.Text(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("candidate_pool");
            json.WriteNumber("classes", comparison.PoolSize);
            json.WriteNumber("min_population", comparison.MinPopulation);
            json.WriteNumber("rare_below", comparison.RareBelow);
            json.WriteNumberOrNull("images_median", comparison.PoolMedianImages);
            json.WriteNumber("unknown_count_share", Math.Round(comparison.PoolUnknownCountShare, 6));
            json.WriteNumber("multi_word_share", Math.Round(comparison.PoolMultiWordShare, 6));
            json.WriteCounts("lexnames", comparison.PoolLexnames);
            json.WriteEndObject();
            json.WriteStartArray("splits");
            foreach (var m in comparison.Splits)
            {
                json.WriteStartObject();
                json.WriteString("name", m.Name);
                json.WriteString("origin", m.Origin);
                json.WriteNumber("test_classes", m.Size);
                json.WriteNumber("training_classes", m.TrainingClasses);
                json.WriteNumber("R", Math.Round(m.R, 6));
                json.WriteNumber("r_median", Math.Round(m.MedianR, 6));
                json.WriteNumber("structural_flaws", m.StructuralFlaws);
                json.WriteNumber("mean_train_distance", Math.Round(m.MeanTrainDistance, 6));
                json.WriteNumber("lexnames", m.Lexnames);
                json.WriteNumber("lexname_entropy", Math.Round(m.LexnameEntropy, 6));
                json.WriteNumber("lexname_tvd", Math.Round(m.LexnameTvd, 6));
                json.WriteNumberOrNull("images_min", m.MinImages);
                json.WriteNumberOrNull("images_median", m.MedianImages);
                json.WriteNumber("classes_under_min_population", m.ClassesUnder300);
                json.WriteNumber("population_unknown", m.PopulationUnknown);
                json.WriteNumber("known_rare_share", Math.Round(m.KnownRareShare, 6));
                json.WriteNumber("unknown_count_share", Math.Round(m.UnknownCountShare, 6));
                json.WriteNumber("unknown_count_multi_word_share", Math.Round(m.UnknownMultiWordShare, 6));
                json.WriteNumber("multi_word_share", Math.Round(m.MultiWordShare, 6));
                json.WriteNumber("primary_meaning_share", Math.Round(m.PrimaryShare, 6));
                json.WriteNumber("people_share", Math.Round(m.PeopleShare, 6));
                json.WriteCounts("lexname_counts", m.LexnameCounts);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }
}
