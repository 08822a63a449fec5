using System.Data;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Zsl.Store;

namespace Zsl.Benchmark;

/// <summary>What a publish wrote.</summary>
public sealed record PublishSummary(string Directory, IReadOnlyList<string> Files, double R, int TestClasses, int TrainingClasses);

/// <summary>One row of classes.csv / classes.parquet.</summary>
public sealed record PublishedClass(
    string Wnid, string Role, string FirstLemma, string Lemmas, string Definition, string Lexname, long Depth, long IsPrimary,
    long? Population, long? WordCount, long TrainDistance, long? TestDistance, double? Ratio);

/// <summary>
/// Turns a split folder (benchmark generate) into a published artifact folder: wnid lists, classes.csv/.parquet,
/// manifest.json, a data card README.md, PNG plots and SHA256SUMS. Written atomically; reruns are byte-identical.
/// </summary>
public static class SplitPublisher
{
    private sealed record ClassRow(string wnid, string first_lemma, string lemmas, string definition, string lexname, long depth,
                                   long is_primary, long? population, long? word_count, long train_distance);

    /// <summary>The splits the data card compares a published split with, when the database has them.</summary>
    public static readonly IReadOnlyList<string> DefaultComparison = ["goz-v1", "2-hops", "3-hops", "all"];

    public static PublishSummary Publish(string databasePath, string splitDirectory, string outputDirectory, IReadOnlyList<string>? compareWith = null)
    {
        using var connection = Database.OpenReadOnly(databasePath);
        if (!connection.TableExists("class_stats"))
            throw new InvalidDataException($"{databasePath} has no class_stats table: run ./zsl benchmark stats --db {databasePath} first");
        var graph = NounGraph.Load(connection);
        var (training, test, metadata) = SplitFiles.Read(splitDirectory, graph);
        using var _ = metadata;
        var ratio = StructuralRatio.Compute(graph, training, test);
        var byWnid = ratio.Classes.ToDictionary(c => c.Wnid, StringComparer.Ordinal);
        var wnids = JsonSerializer.Serialize(training.Concat(test).ToArray());
        var rows = connection.Query<ClassRow>(SqlScripts.Get("benchmark/published-classes.sql"), new { wnids }).AsList();
        var testSet = test.ToHashSet(StringComparer.Ordinal);
        var missing = training.Concat(test).Except(rows.Select(r => r.wnid)).FirstOrDefault();
        if (missing is not null) throw new InvalidDataException($"class {missing} of the split is not an ImageNet class of {databasePath} (class_stats)");
        var classes = rows.Select(r =>
        {
            var isTest = testSet.Contains(r.wnid);
            var c = isTest ? byWnid[r.wnid] : null;
            return new PublishedClass(r.wnid, isTest ? "test" : "train", r.first_lemma, r.lemmas, r.definition, r.lexname, r.depth, r.is_primary,
                r.population, r.word_count, r.train_distance, c?.TestDistance, c?.Ratio);
        }).OrderBy(c => c.Role == "test" ? 0 : 1).ThenBy(c => c.Wnid, StringComparer.Ordinal).ToArray();
        var testClasses = classes.Where(c => c.Role == "test").ToArray();
        var lexnames = testClasses.GroupBy(c => c.Lexname).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var entropy = SplitGenerator.Entropy(lexnames.Values);
        var stored = connection.Query<string>(SqlScripts.Get("benchmark/split-names.sql")).ToHashSet(StringComparer.Ordinal);
        var others = (compareWith ?? DefaultComparison.Where(stored.Contains).ToArray()).ToArray();
        var comparison = SplitComparison.Compare(databasePath, [splitDirectory, .. others]);
        comparison = comparison with { Splits = [comparison.Splits[0] with { Name = "this split" }, .. comparison.Splits.Skip(1)] };

        var files = new List<string>();
        ArtifactDirectory.Write(outputDirectory, dir =>
        {
            string In(string name) { files.Add(name); return Path.Combine(dir, name); }
            ArtifactDirectory.WriteLines(In(SplitFiles.TrainFile), training.Order(StringComparer.Ordinal));
            ArtifactDirectory.WriteLines(In(SplitFiles.TestFile), test.Order(StringComparer.Ordinal));
            ArtifactDirectory.WriteText(In("classes.csv"), Csv(classes));
            WriteParquet(In("classes.parquet"), classes);
            WritePlots(dir, files, ratio, testClasses, lexnames, metadata.RootElement);
            WriteComparisonPlot(In("comparison_lexnames.png"), comparison);
            ArtifactDirectory.WriteText(In("comparison.json"), SplitComparison.Json(comparison));
            ArtifactDirectory.WriteText(In("README.md"), DataCard(metadata.RootElement, ratio, lexnames, entropy, training.Count, testClasses, comparison) + SplitLinkCoverage.Markdown(databasePath, test));
            ArtifactDirectory.WriteText(Path.Combine(dir, "manifest.json"), Manifest(dir, files, metadata.RootElement, ratio, lexnames, entropy, training.Count));
            files.Add("manifest.json");
            var sums = files.Order(StringComparer.Ordinal).Select(f => $"{Sha256(Path.Combine(dir, f))}  {f}");
            ArtifactDirectory.WriteLines(Path.Combine(dir, "SHA256SUMS"), sums);
            files.Add("SHA256SUMS");
        });
        return new PublishSummary(outputDirectory, files.Order(StringComparer.Ordinal).ToArray(), ratio.R, test.Count, training.Count);
    }

    private static readonly string[] Columns =
        ["wnid", "role", "first_lemma", "lemmas", "definition", "lexname", "depth", "is_primary", "population", "word_count", "train_distance", "test_distance", "r"];

    private static object?[] Values(PublishedClass c) =>
        [c.Wnid, c.Role, c.FirstLemma, c.Lemmas, c.Definition, c.Lexname, c.Depth, c.IsPrimary, c.Population, c.WordCount, c.TrainDistance, c.TestDistance, c.Ratio];

    private static string Csv(IEnumerable<PublishedClass> classes)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', Columns)).Append('\n');
        foreach (var c in classes)
            text.Append(string.Join(',', Values(c).Select(v => CsvField(v switch
            {
                null => "",
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
            })))).Append('\n');
        return text.ToString();
    }

    private static string CsvField(string value)
        => value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    private static void WriteParquet(string path, IReadOnlyList<PublishedClass> classes)
    {
        string[] types = ["TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "INTEGER", "INTEGER", "INTEGER", "INTEGER", "INTEGER", "INTEGER", "REAL"];
        bool[] notNull = [true, true, true, true, true, true, true, true, false, false, true, false, false];
        var specs = Columns.Select((name, i) => ColumnSpec.From(name, types[i], notNull[i])).ToArray();
        using var table = new DataTable();
        foreach (var name in Columns) table.Columns.Add(name, typeof(object));
        foreach (var c in classes) table.Rows.Add(Values(c).Select(v => v ?? DBNull.Value).ToArray());
        using var reader = table.CreateDataReader();
        ParquetExporter.WriteAsync(reader, specs, path, "classes").GetAwaiter().GetResult();
    }

    private static void WritePlots(string dir, List<string> files, RatioReport ratio, IReadOnlyList<PublishedClass> test,
                                   IReadOnlyDictionary<string, int> lexnames, JsonElement metadata)
    {
        var bins = RatioHistogram.Bins(ratio.Classes.Select(c => c.Ratio));
        Plots.Bars(Path.Combine(dir, "r_histogram.png"), $"Structural ratio r(c) of the {test.Count} test classes (R = {ratio.R:F2})", "r(c)", "test classes",
            bins.Select(b => b.Label).ToArray(), [("test classes", bins.Select(b => (double)b.Count).ToArray())]);
        files.Add("r_histogram.png");

        var candidates = metadata.TryGetProperty("candidate_lexnames", out var cl)
            ? cl.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal)
            : new Dictionary<string, int>(StringComparer.Ordinal);
        var names = lexnames.Keys.Union(candidates.Keys).OrderByDescending(n => candidates.GetValueOrDefault(n)).ThenBy(n => n, StringComparer.Ordinal).ToArray();
        double candidateTotal = Math.Max(1, candidates.Values.Sum()), testTotal = Math.Max(1, test.Count);
        Plots.Bars(Path.Combine(dir, "lexnames.png"), "Lexnames: test split vs candidate pool", "lexname", "share of classes (%)",
            names.Select(n => n.Replace("noun.", "")).ToArray(),
            [("test", names.Select(n => 100.0 * lexnames.GetValueOrDefault(n) / testTotal).ToArray()),
             ("candidates", names.Select(n => 100.0 * candidates.GetValueOrDefault(n) / candidateTotal).ToArray())], rotateLabels: true);
        files.Add("lexnames.png");

        if (test.Any(c => c.Population is not null))
        {
            var edges = new long[] { 0, 100, 300, 500, 1000, 1500, 2000, 3000 };
            var counts = edges.Select((low, i) => test.Count(c => c.Population >= low && (i + 1 == edges.Length || c.Population < edges[i + 1]))).ToArray();
            Plots.Bars(Path.Combine(dir, "populations.png"), "Images per test class", "images", "test classes",
                edges.Select((low, i) => i + 1 == edges.Length ? $"{low}+" : $"{low}-{edges[i + 1] - 1}").ToArray(), [("test", counts.Select(c => (double)c).ToArray())]);
            files.Add("populations.png");
        }
        if (test.Any(c => c.WordCount is not null))
        {
            string[] labels = ["unknown", "0-9", "10-99", "100-999", "1k-10k", "10k+"];
            int Bin(long? n) => n is null ? 0 : n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : 5;
            var counts = labels.Select((_, i) => (double)test.Count(c => Bin(c.WordCount) == i)).ToArray();
            Plots.Bars(Path.Combine(dir, "word_counts.png"), "Occurrences of the test class labels in the word counts", "occurrences of the label", "test classes",
                labels, [("test", counts)]);
            files.Add("word_counts.png");
        }
    }

    /// <summary>Lexname shares of the candidate pool and of each compared split, the pool's lexnames over 0.5% (others summed).</summary>
    private static void WriteComparisonPlot(string path, Comparison comparison)
    {
        double poolTotal = Math.Max(1, comparison.PoolLexnames.Values.Sum());
        var shown = comparison.PoolLexnames.Where(p => p.Value / poolTotal >= 0.005).Select(p => p.Key).ToArray();
        var labels = shown.Select(n => n.Replace("noun.", "")).Append("other").ToArray();
        double[] Shares(IReadOnlyDictionary<string, int> counts)
        {
            double total = Math.Max(1, counts.Values.Sum());
            var values = shown.Select(n => 100 * counts.GetValueOrDefault(n) / total).ToList();
            values.Add(100 * counts.Where(p => !shown.Contains(p.Key)).Sum(p => p.Value) / total);
            return values.ToArray();
        }
        var series = new List<(string, IReadOnlyList<double>)> { ("candidate pool", Shares(comparison.PoolLexnames)) };
        series.AddRange(comparison.Splits.Where(m => m.Name is "this split" or "goz-v1").Select(m => (m.Name, (IReadOnlyList<double>)Shares(m.LexnameCounts))));
        Plots.Bars(path, "Lexname shares: candidate pool, this split, GOZ v1", "lexname", "share of classes (%)", labels, series, rotateLabels: true);
    }

    private static string Manifest(string dir, IReadOnlyList<string> files, JsonElement metadata, RatioReport ratio,
                                   IReadOnlyDictionary<string, int> lexnames, double entropy, int training)
    {
        return JsonFile.Text(json =>
        {
            json.WriteStartObject();
            json.WriteString("name", "zsl zero-shot ImageNet test split");
            json.WriteString("tool", "zsl benchmark publish");
            json.WriteString("tool_version", SplitFiles.ToolVersion);
            foreach (var name in new[] { "seed", "size", "settings", "populations_known", "word_counts_known", "filters", "inputs" })
                if (metadata.TryGetProperty(name, out var value)) { json.WritePropertyName(name); value.WriteTo(json); }
            json.WriteStartObject("metrics");
            json.WriteNumber("test_classes", ratio.Classes.Count);
            json.WriteNumber("training_classes", training);
            json.WriteNumber("R", Math.Round(ratio.R, 6));
            json.WriteNumber("r_median", Math.Round(ratio.Quantile(0.5), 6));
            json.WriteNumber("mean_train_distance", Math.Round(ratio.Classes.Average(c => c.TrainDistance), 6));
            json.WriteNumber("mean_test_distance", Math.Round(ratio.Classes.Average(c => c.TestDistance), 6));
            json.WriteNumber("lexnames", lexnames.Count);
            json.WriteNumber("lexname_entropy", Math.Round(entropy, 6));
            json.WriteNumber("structural_flaws", ratio.Flaws.Count);
            json.WriteString("distance", "shortest path in the undirected WordNet 3.0 noun graph of hypernym + instance-hypernym edges (82,115 nouns)");
            json.WriteEndObject();
            json.WriteCounts("lexnames", lexnames);
            json.WriteStartArray("files");
            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                var path = Path.Combine(dir, file);
                json.WriteStartObject();
                json.WriteString("name", file);
                json.WriteNumber("bytes", new FileInfo(path).Length);
                json.WriteString("sha256", Sha256(path));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static string DataCard(JsonElement metadata, RatioReport ratio, IReadOnlyDictionary<string, int> lexnames, double entropy,
                                   int training, IReadOnlyList<PublishedClass> test, Comparison comparison)
    {
        var md = new StringBuilder();
        var seed = metadata.TryGetProperty("seed", out var s) ? s.ToString() : "?";
        var populationsKnown = metadata.TryGetProperty("populations_known", out var p) && p.GetBoolean();
        md.Append($"""
            # Zero-shot ImageNet test split ({test.Count} classes)

            A test split for zero-shot recognition of generic objects, following chapter 2 of *Zero-Shot Recognition of
            Generic Objects* (Hascoet): the {training:N0} ILSVRC-2012 classes are the training classes, and {test.Count} ImageNet-21k
            classes outside them are the test classes, chosen so that

            - training ∪ test has **no ancestor/descendant pair** in WordNet (structurally consistent for generalized ZSL),
            - the **structural ratio** R (thesis eq. 2.5) is high: test classes are far from the training classes and
              close to each other, so that matching each test class to its nearest training class does not work,
            - the split is **representative** of the candidate pool: its lexname shares (artifacts, plants, animals, food, ...)
              follow those of the classes that pass the filters (total variation distance bounded), its median images
              per class is at least theirs (by default also at least GOZ v1's), and it has no larger share of labels of unknown Wikipedia count or of
              multi-word labels than they have, so a high R is not bought with exotic branches or fine-grained compounds,
            - every class passes the thesis's filters: at least 300 images, a label not known to be rare, the primary
              meaning of its label, no class under person.n.01 (unless asked for).

            Generated by `zsl benchmark generate` (seed {seed}) and published by `zsl benchmark publish` (zsl {SplitFiles.ToolVersion}).

            ## Numbers

            | measure | value |
            |---|---|
            | test classes | {test.Count} |
            | training classes | {training:N0} |
            | structural ratio R | {ratio.R:F4} |
            | median r(c) | {ratio.Quantile(0.5):F2} |
            | mean distance to the nearest training class | {ratio.Classes.Average(c => c.TrainDistance):F2} |
            | mean distance to the nearest other test class | {ratio.Classes.Average(c => c.TestDistance):F2} |
            | lexnames | {lexnames.Count} |
            | lexname entropy (natural log) | {entropy:F3} |
            | structural flaws (ancestor/descendant pairs) | {ratio.Flaws.Count} |

            Distances are shortest-path lengths in the undirected WordNet 3.0 noun graph of hypernym and instance-hypernym
            edges (all 82,115 nouns, no pruning). r(c) = d(c, nearest training class) / d(c, nearest other test class);
            R is the mean of r(c).

            ## Candidate filters

            | filter | setting | applied | classes left | note |
            |---|---|---|---|---|

            """);
        if (metadata.TryGetProperty("filters", out var filters))
            foreach (var f in filters.EnumerateArray())
                md.Append($"| {f.GetProperty("filter").GetString()} | {f.GetProperty("setting").GetString()} | {(f.GetProperty("applied").GetBoolean() ? "yes" : "no")} | {f.GetProperty("remaining").GetInt32():N0} | {f.GetProperty("note").GetString()} |\n");
        if (metadata.TryGetProperty("share_bounds", out var bounds) && bounds.GetArrayLength() > 0)
        {
            md.Append("\n## Representativeness bounds beyond lexnames\n\n| bound | option | applied | pool share | at most (classes) | this split (classes) |\n|---|---|---|---|---|---|\n");
            foreach (var b in bounds.EnumerateArray())
                md.Append($"| {b.GetProperty("bound").GetString()} | `{b.GetProperty("option").GetString()}` | {(b.GetProperty("applied").GetBoolean() ? "yes: " : "no: ") + b.GetProperty("note").GetString()} | " +
                          $"{100 * b.GetProperty("pool_share").GetDouble():F1}% | {b.GetProperty("max_classes").GetInt32()} | {b.GetProperty("split_classes").GetInt32()} |\n");
        }
        if (!populationsKnown)
            md.Append("\n**Image populations were not known** when this split was generated (no ReleaseStatus.xml, URL list or image folder),\nso the thesis's filter of classes under 300 images was not applied: check the populations before collecting images.\n");
        md.Append("""

            ## Compared with GOZ v1 and the standard splits

            GOZ v1 is the 500-class split published with the thesis; `2-hops`, `3-hops` and `all` are the standard ImageNet
            zero-shot splits. Every split is measured the same way (`zsl benchmark compare`), against the same candidate pool.


            """);
        md.Append(SplitComparison.Markdown(comparison));
        var self = comparison.Splits[0];
        md.Append($"""

            Lexname TVD is the total variation distance between a split's lexname shares and those of the {comparison.PoolSize:N0}
            classes that pass the generator's default filters (`comparison_lexnames.png` shows the shares). A label's count
            comes from a full Wikipedia dump's n-gram counts when one was counted, else from the Wikipedia single-word lists:
            {(int)Math.Round(self.UnknownCountShare * self.Size)} labels of this split have no known count, {(int)Math.Round(self.UnknownMultiWordShare * self.Size)} of them multi-word labels
            that the single-word lists cannot count. They are kept: only labels *known* to be rare are dropped.
            Every number is also in `comparison.json`.

            """);
        md.Append("""

            ## Lexnames of the test classes

            | lexname | test classes |
            |---|---|

            """);
        foreach (var (name, count) in lexnames) md.Append($"| {name} | {count} |\n");
        md.Append("""

            ## Files

            | file | content |
            |---|---|
            | `train_wnids.txt`, `test_wnids.txt` | the classes, one wnid a line |
            | `classes.csv`, `classes.parquet` | every class with role, lemmas, definition, lexname, depth, primary-meaning flag, population, label count, distances and r(c) |
            | `r_histogram.png` | distribution of r(c) |
            | `lexnames.png` | lexname shares of the test split vs the candidate pool |
            | `populations.png`, `word_counts.png` | image populations and label frequencies, when known |
            | `comparison.json`, `comparison_lexnames.png` | the comparison with GOZ v1 and the standard splits, and the lexname shares |
            | `manifest.json` | inputs with SHA-256, settings, filters, seed, metrics, and every file with its SHA-256 |
            | `SHA256SUMS` | `sha256sum -c SHA256SUMS` checks the folder |

            ## Sources and licences

            WordNet 3.0 (Princeton University, WordNet licence); ImageNet class lists and the standard splits of the
            DGP repository (MIT); ImageNet fall 2011 image counts (the numbers of ReleaseStatus.xml); English Wikipedia
            occurrence lists (mlang/wikiwordfreq, BSD-3-Clause-style; iitis/wikiwords, CC BY-SA); the GOZ v1 split
            (TristHas/GOZ) for the comparison. ImageNet images are not part of this artifact: obtain them from ImageNet
            under its terms of access.
            """);
        return md.ToString().TrimEnd() + "\n";
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
