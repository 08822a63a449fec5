using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Models.Data;
using Zsl.Models.Graph;
using Zsl.Models.Synthetic;
using Zsl.Store;

namespace Zsl.Training.Cli.Zsl;

/// <summary>./zsl zsl synth: a synthetic benchmark with a known generating process over real WordNet classes.</summary>
public sealed class ZslSynthCommand : AsyncCommand<ZslSynthCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")] [Description("WordNet SQLite database.")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--train <FILE>")] [Description("Training classes, one wnid a line (e.g. the ILSVRC-2012 wnids).")]
        public string Train { get; init; } = "";

        [CommandOption("--train-count <N>")] [Description("Use a seeded random subset of this many training classes (0 = all).")]
        public int TrainCount { get; init; }

        [CommandOption("--kind <KIND>")] [Description("Test split: low-r (1-hop, far from each other) or high-r (sibling groups far from training).")]
        public string Kind { get; init; } = "low-r";

        [CommandOption("--test-count <N>")] [Description("Number of test classes.")]
        public int TestCount { get; init; } = 50;

        [CommandOption("--images <N>")] [Description("Images per class.")]
        public int Images { get; init; } = 20;

        [CommandOption("--noise <F>")] [Description("Standard deviation of the feature noise.")]
        public double Noise { get; init; } = 1.0;

        [CommandOption("--seed <N>")] [Description("Random seed.")]
        public int Seed { get; init; } = 7;

        [CommandOption("--out <DIR>")] [Description("Output folder (train.parquet, eval.parquet, embeddings.parquet, split/, truth.json).")]
        public string Out { get; init; } = "data/synthetic";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var hierarchy = WordNetHierarchy.Load(s.Db);
        var train = ZslSplit.ReadWnids(s.Train).ToArray();
        if (s.TrainCount > 0 && s.TrainCount < train.Length)
        {
            new Random(s.Seed).Shuffle(train);
            train = train.Take(s.TrainCount).Order(StringComparer.Ordinal).ToArray();
        }
        foreach (var c in train) if (!hierarchy.Contains(c)) throw new DataFormatException(s.Train, null, $"WordNet noun synsets, {c} is not in {s.Db}");
        var split = s.Kind switch
        {
            "low-r" => SplitBuilder.LowRatio(hierarchy, train, s.TestCount, s.Seed),
            "high-r" => SplitBuilder.HighRatio(hierarchy, train, train.SelectMany(c => hierarchy.Ancestors(c).Keys).Distinct().SelectMany(hierarchy.Children).Distinct(), s.TestCount, s.Seed),
            _ => throw new ArgumentException($"--kind: expected low-r or high-r, found '{s.Kind}'"),
        };
        var truth = await SyntheticBenchmark.GenerateAsync(hierarchy, split, new SyntheticOptions { ImagesPerClass = s.Images, Noise = s.Noise, Seed = s.Seed }, s.Out);
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {s.Out}: {truth.TrainClasses} training, {truth.TestClasses} test classes; noise ceiling top-1 {100 * truth.NoiseCeilingTop1:F1}% (chance {100 * truth.Chance:F1}%)");
        return 0;
    }
}

/// <summary>./zsl zsl synth-features: many synthetic features for scale benchmarks (streamed to Parquet).</summary>
public sealed class ZslSynthFeaturesCommand : AsyncCommand<ZslSynthFeaturesCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--rows <N>")] [Description("Number of images.")]
        public long Rows { get; init; } = 1_281_167;

        [CommandOption("--dim <N>")] [Description("Feature dimension.")]
        public int Dimension { get; init; } = 2048;

        [CommandOption("--classes <FILE>")] [Description("Class wnids, one a line (images cycle through them).")]
        public string Classes { get; init; } = "";

        [CommandOption("--extra-classes <FILE>")] [Description("More wnids that get an embedding but no image (test classes).")]
        public string? ExtraClasses { get; init; }

        [CommandOption("--embedding-dim <N>")] [Description("Dimension of the random unit class embeddings.")]
        public int EmbeddingDimension { get; init; } = 300;

        [CommandOption("--noise <F>")] [Description("Standard deviation of the feature noise.")]
        public double Noise { get; init; } = 1.0;

        [CommandOption("--seed <N>")] [Description("Random seed.")]
        public int Seed { get; init; } = 1;

        [CommandOption("--out <FILE>")] [Description("Parquet file to write (image_id, wnid, feature).")]
        public string Out { get; init; } = "data/synthetic/features.parquet";

        [CommandOption("--row-group <N>")] [Description("Rows per Parquet row group (the writer and readers hold one group in memory).")]
        public int RowGroup { get; init; } = 2048;

        [CommandOption("--embeddings <FILE>")] [Description("Also write the class embeddings (wnid, vector) here.")]
        public string? Embeddings { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        // One torch thread: drawing is cheap next to encoding, and a second OpenMP thread would only spin against the writer.
        global::Zsl.Torch.TorchRuntime.Initialize(s.Seed, threads: 1);
        var classes = ZslSplit.ReadWnids(s.Classes);
        var extra = s.ExtraClasses is null ? [] : ZslSplit.ReadWnids(s.ExtraClasses);
        var semantics = SyntheticBenchmark.RandomEmbeddings(classes.Concat(extra).Distinct(), s.EmbeddingDimension, s.Seed);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(s.Out))!);
        if (s.Embeddings is not null)
            await VectorParquet.WriteAsync(s.Embeddings, ["wnid"], "vector", s.EmbeddingDimension,
                semantics.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new VectorRow([p.Key], p.Value)), cancellationToken: cancellationToken);
        // Drawing (torch, one thread) runs ahead of encoding and compression (the writer), a few row groups at most.
        var batches = Prefetch.AheadAsync(SyntheticBenchmark.ScaleBatches(classes, semantics, s.Dimension, s.Rows, s.Noise, s.Seed, s.RowGroup).ToAsyncEnumerable(), 3, cancellationToken);
        var rows = await VectorParquet.WriteBatchesAsync(s.Out, ["image_id", "wnid"], "feature", s.Dimension, Reported(batches, s.Rows, new LogProgress()),
            cancellationToken: cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {s.Out}: {rows:N0} rows of {s.Dimension} floats");
        return 0;
    }

    private static async IAsyncEnumerable<VectorBatch> Reported(IAsyncEnumerable<VectorBatch> batches, long total, IProgress<StageProgress> progress)
    {
        long done = 0;
        await foreach (var batch in batches)
        {
            yield return batch;
            progress.Report(new StageProgress("synthetic features", done += batch.Count, total, "rows"));
        }
    }
}
