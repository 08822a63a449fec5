using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Dapper;
using Zsl.Store;

namespace Zsl.Benchmark;

/// <summary>An input file of the database, as recorded by etl imagenet.</summary>
public sealed record InputFile(string Role, string File, string Sha256, long Records);

/// <summary>
/// The folder written by <c>benchmark generate</c>: train_wnids.txt, test_wnids.txt and split.json (settings,
/// filters, metrics, the objective's progress). Nothing time- or machine-dependent, so reruns are byte-identical.
/// </summary>
public static class SplitFiles
{
    public const string TrainFile = "train_wnids.txt", TestFile = "test_wnids.txt", MetadataFile = "split.json";

    public static string ToolVersion => typeof(SplitFiles).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IReadOnlyList<InputFile> Inputs(string databasePath)
    {
        using var connection = Database.OpenReadOnly(databasePath);
        if (!connection.TableExists("imagenet_inputs")) return [];
        return connection.Query<InputFile>(SqlScripts.Get("benchmark/imagenet-inputs.sql")).AsList();
    }

    public static void Write(GeneratedSplit split, IReadOnlyList<InputFile> inputs, string directory)
        => ArtifactDirectory.Write(directory, temp =>
        {
            ArtifactDirectory.WriteLines(Path.Combine(temp, TrainFile), split.Training.Order(StringComparer.Ordinal));
            ArtifactDirectory.WriteLines(Path.Combine(temp, TestFile), split.Test);
            ArtifactDirectory.WriteText(Path.Combine(temp, MetadataFile), Metadata(split, inputs));
        });

    public static string Metadata(GeneratedSplit split, IReadOnlyList<InputFile> inputs)
    {
        return JsonFile.Text(json =>
        {
            var o = split.Options;
            json.WriteStartObject();
            json.WriteString("generator", "zsl benchmark generate");
            json.WriteString("tool_version", ToolVersion);
            json.WriteNumber("seed", o.Seed);
            json.WriteNumber("size", o.Size);
            json.WriteStartObject("settings");
            json.WriteNumber("min_population", o.MinPopulation);
            json.WriteNumber("rare_below", o.RareBelow);
            json.WriteBoolean("require_label_count", o.RequireLabelCount);
            json.WriteNumberOrNull("min_word_count", o.MinWordCount);
            json.WriteNumberOrNull("max_word_count", o.MaxWordCount);
            json.WriteBoolean("primary_meaning_only", o.PrimaryMeaningOnly);
            json.WriteStartArray("exclude_subtrees");
            foreach (var subtree in o.ExcludeSubtrees) json.WriteStringValue(subtree);
            json.WriteEndArray();
            if (o.Vocabulary is null) json.WriteNull("vocabulary"); else json.WriteString("vocabulary", Path.GetFileName(o.Vocabulary));
            json.WriteNumber("max_lexname_tvd", o.MaxLexnameTvd);
            json.WriteStartArray("min_median_images");
            foreach (var floor in o.MedianFloors) json.WriteStringValue(floor);
            json.WriteEndArray();
            json.WriteStartArray("min_smallest_class");
            foreach (var floor in o.SmallestClassFloors) json.WriteStringValue(floor);
            json.WriteEndArray();
            WriteShareSetting(json, "max_unknown_label_share", o.MaxUnknownLabelShare);
            WriteShareSetting(json, "max_multi_word_share", o.MaxMultiWordShare);
            json.WriteNumber("distance_horizon", o.DistanceHorizon);
            json.WriteNumber("iterations", o.Iterations);
            json.WriteNumber("chains", o.Chains);
            json.WriteNumber("temperature", o.Temperature);
            json.WriteString("objective", "maximise R subject to: no ancestor/descendant pair in training + test, total variation distance between the lexname shares of the split and of the candidate pool <= max_lexname_tvd, median images per class >= the highest of min_median_images, smallest class >= the highest of min_smallest_class, shares of labels of unknown count and of multi-word labels each <= its bound (\"pool\": the candidate pool's median or share)");
            json.WriteEndObject();
            json.WriteBoolean("populations_known", split.PopulationsKnown);
            json.WriteBoolean("word_counts_known", split.WordCountsKnown);
            json.WriteStartArray("filters");
            foreach (var f in split.Filters)
            {
                json.WriteStartObject();
                json.WriteString("filter", f.Filter);
                json.WriteString("setting", f.Setting);
                json.WriteBoolean("applied", f.Applied);
                json.WriteNumber("remaining", f.Remaining);
                json.WriteString("note", f.Note);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("share_bounds");
            foreach (var b in split.ShareBounds)
            {
                json.WriteStartObject();
                json.WriteString("bound", b.Name);
                json.WriteString("option", b.Option);
                json.WriteBoolean("applied", b.Applied);
                json.WriteNumber("pool_share", Math.Round(b.PoolShare, 6));
                json.WriteNumber("max_share", Math.Round(b.Bound, 6));
                json.WriteNumber("max_classes", b.Cap);
                json.WriteNumber("split_classes", b.SplitCount);
                json.WriteString("note", b.Note);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("metrics");
            WriteMetrics(json, split);
            json.WriteEndObject();
            json.WriteCounts("lexnames", split.Lexnames);
            json.WriteCounts("candidate_lexnames", split.CandidateLexnames);
            json.WriteStartArray("inputs");
            foreach (var input in inputs)
            {
                json.WriteStartObject();
                json.WriteString("role", input.Role);
                json.WriteString("file", Path.GetFileName(input.File));
                json.WriteString("sha256", input.Sha256);
                json.WriteNumber("records", input.Records);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("progress");
            foreach (var p in split.Progress)
            {
                json.WriteStartObject();
                json.WriteString("phase", p.Phase);
                json.WriteNumber("step", p.Step);
                json.WriteNumber("objective", Math.Round(p.Objective, 6));
                json.WriteNumber("R_estimate", Math.Round(p.R, 6));
                json.WriteNumber("lexname_tvd", Math.Round(p.LexnameTvd, 6));
                json.WriteNumber("entropy", Math.Round(p.Entropy, 6));
                json.WriteNumber("lexnames", p.Lexnames);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    public static void WriteMetrics(Utf8JsonWriter json, GeneratedSplit split)
    {
        var r = split.Ratio;
        json.WriteNumber("test_classes", split.Test.Count);
        json.WriteNumber("training_classes", split.Training.Count);
        json.WriteNumber("candidate_pool", split.Filters[^1].Remaining);
        json.WriteNumber("R", Math.Round(r.R, 6));
        json.WriteNumber("r_min", Math.Round(r.Quantile(0), 6));
        json.WriteNumber("r_median", Math.Round(r.Quantile(0.5), 6));
        json.WriteNumber("r_max", Math.Round(r.Quantile(1), 6));
        json.WriteNumber("mean_train_distance", Math.Round(r.Classes.Average(c => c.TrainDistance), 6));
        json.WriteNumber("mean_test_distance", Math.Round(r.Classes.Average(c => c.TestDistance), 6));
        json.WriteNumber("lexnames", split.LexnameCount);
        json.WriteNumber("lexname_entropy", Math.Round(split.LexnameEntropy, 6));
        json.WriteNumber("lexname_tvd", Math.Round(split.LexnameTvd, 6));
        json.WriteNumber("structural_flaws", r.Flaws.Count);
    }

    private static void WriteShareSetting(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v) json.WriteNumber(name, v); else json.WriteString(name, "pool");
    }

    /// <summary>Reads a split folder: the wnid lists and split.json.</summary>
    public static (IReadOnlyList<string> Training, IReadOnlyList<string> Test, JsonDocument Metadata) Read(string directory, NounGraph graph)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"split folder {directory} does not exist (write one with ./zsl benchmark generate --out {directory})");
        var training = ImageNetClasses.ReadWnidFile(Path.Combine(directory, TrainFile), graph);
        var test = ImageNetClasses.ReadWnidFile(Path.Combine(directory, TestFile), graph);
        var metadataPath = Path.Combine(directory, MetadataFile);
        if (!File.Exists(metadataPath)) throw new FileNotFoundException($"{metadataPath} does not exist", metadataPath);
        try { return (training, test, JsonDocument.Parse(File.ReadAllBytes(metadataPath))); }
        catch (JsonException error) { throw new DataFormatException(metadataPath, (error.LineNumber ?? 0) + 1, $"malformed JSON: {error.Message}", error); }
    }

    internal static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
