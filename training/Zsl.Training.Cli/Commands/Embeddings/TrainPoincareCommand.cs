using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console.Cli;
using Zsl.Embeddings;
using Zsl.Embeddings.Poincare;

namespace Zsl.Training.Cli.Commands.Embeddings;

/// <summary>./zsl train poincare: Poincaré embeddings of the noun hierarchy's transitive closure.</summary>
public sealed class TrainPoincareCommand : AsyncCommand<TrainPoincareCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("WordNet SQLite database (its hypernym_edges view).")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--root <SYNSET>")]
        [Description("Only the subtree under this synset: a wnid or a name like mammal.n.01. Default: every noun.")]
        public string? Root { get; init; }

        [CommandOption("--no-instances")]
        [Description("Follow hypernym edges only, not instance hypernyms (the usual mammal subtree: 1,170 nodes).")]
        public bool NoInstances { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Output folder for embeddings.parquet and manifest.json. Default: data/embeddings/poincare[[-ROOT]].")]
        public string? Out { get; init; }

        [CommandOption("--dim <N>")] [Description("Dimension of the Poincaré ball.")] public int Dimension { get; init; } = 10;
        [CommandOption("--epochs <N>")] [Description("Number of epochs.")] public int Epochs { get; init; } = 200;
        [CommandOption("--batch-size <N>")] [Description("Closure pairs per batch.")] public int BatchSize { get; init; } = 64;
        [CommandOption("--lr <RATE>")] [Description("Riemannian SGD learning rate (loss summed over the batch).")] public double LearningRate { get; init; } = 0.3;
        [CommandOption("--negatives <K>")] [Description("Negative samples per pair.")] public int Negatives { get; init; } = 50;
        [CommandOption("--burn-in <N>")] [Description("Burn-in epochs at learning rate / 10.")] public int BurnIn { get; init; } = 10;
        [CommandOption("--final-lr-factor <F>")] [Description("After burn-in the learning rate decays linearly to lr x F at the last epoch (1: constant).")] public double FinalLearningRateFactor { get; init; } = 1;
        [CommandOption("--engine <ENGINE>")] [Description("native: C# kernel with the analytic gradient, parallel over pairs (result independent of --threads); torch: TorchSharp autograd, the reference.")] public string Engine { get; init; } = "native";
        [CommandOption("--eval-every <N>")] [Description("Reconstruction evaluation every N epochs.")] public int EvalEvery { get; init; } = 10;
        [CommandOption("--eval-nodes <N>")] [Description("Evaluate on N seeded nodes (0: all; default all for a subtree, 2000 for the full closure).")] public int? EvalNodes { get; init; }
        [CommandOption("--final-eval-nodes <N>")] [Description("Nodes of the final evaluation (0: all; default: as --eval-nodes).")] public int? FinalEvalNodes { get; init; }
        [CommandOption("--max-minutes <M>")] [Description("Wall-clock budget.")] public double? MaxMinutes { get; init; }
        [CommandOption("--seed <N>")] [Description("Random seed.")] public int Seed { get; init; } = 1;
        [CommandOption("--threads <N>")] [Description("Threads (torch threads and native kernel threads; default: one per core).")] public int? Threads { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Db)) throw new FileNotFoundException($"database {settings.Db} does not exist (run ./zsl etl wordnet)", settings.Db);
        var closure = TaxonomyClosure.FromWordNet(settings.Db, settings.Root, !settings.NoInstances);
        var options = new PoincareOptions
        {
            Dimension = settings.Dimension, Epochs = settings.Epochs, BatchSize = settings.BatchSize, LearningRate = settings.LearningRate,
            Negatives = settings.Negatives, BurnIn = settings.BurnIn, FinalLearningRateFactor = settings.FinalLearningRateFactor,
            Engine = settings.Engine.ToLowerInvariant() switch
            {
                "native" => PoincareEngine.Native, "torch" => PoincareEngine.Torch,
                _ => throw new ArgumentException($"--engine must be native or torch, not '{settings.Engine}'"),
            }, EvalEvery = settings.EvalEvery,
            EvalNodes = settings.EvalNodes ?? (settings.Root is null ? 2000 : 0), FinalEvalNodes = settings.FinalEvalNodes, MaxMinutes = settings.MaxMinutes,
            Seed = settings.Seed, Threads = settings.Threads,
        };
        Console.WriteLine($"poincare: {closure.Nodes.Count:N0} nodes, {closure.Pairs.Length:N0} closure pairs" + (closure.Root is null ? "" : $" under {closure.Root}"));
        var clock = Stopwatch.StartNew();
        var result = PoincareTrainer.Train(closure, options, new SynchronousProgress<TrainingProgress>(p => Console.WriteLine(p)), cancellationToken);
        var output = settings.Out ?? Path.Combine("data", "embeddings", settings.Root is null ? "poincare" : $"poincare-{settings.Root}");
        var data = $"wordnet-noun-closure:{Path.GetFileName(settings.Db)}" + (closure.Root is null ? "" : $" root {closure.Root}") + (settings.NoInstances ? " hypernyms only" : " with instance hypernyms");
        var path = await PoincareTrainer.WriteAsync(output, result, closure, options, data, cancellationToken);
        Console.WriteLine($"stopped: {result.StopReason}; reconstruction MAP {result.Metrics.Map:F4}, mean rank {result.Metrics.MeanRank:F2} " +
                          $"({result.Metrics.Nodes:N0} nodes, {result.Metrics.Pairs:N0} pairs)");
        Console.WriteLine($"wrote {path} ({closure.Nodes.Count:N0} rows) and manifest.json in {clock.Elapsed.TotalSeconds:F0} s");
        return 0;
    }
}
