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

        [CommandOption("--preset <NAME>")]
        [Description("A recorded recipe (docs/benchmarks.md), time budget included; options given with it override its values. " +
                     "nouns (the full noun closure, MAP 0.807; the default without --root), mammal (the mammal subtree, hypernyms only), " +
                     "or none: the plain defaults below (the default with --root).")]
        public string? Preset { get; init; }

        [CommandOption("--root <SYNSET>")]
        [Description("Only the subtree under this synset: a wnid or a name like mammal.n.01. Default: every noun.")]
        public string? Root { get; init; }

        [CommandOption("--no-instances")]
        [Description("Follow hypernym edges only, not instance hypernyms (the usual mammal subtree: 1,170 nodes).")]
        public bool? NoInstances { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Output folder for embeddings.parquet and manifest.json. Default: data/embeddings/poincare, or data/embeddings/poincare-ROOT with --root.")]
        public string? Out { get; init; }

        [CommandOption("--dim <N>")] [Description("Dimension of the Poincaré ball.")] public int? Dimension { get; init; }
        [CommandOption("--epochs <N>")] [Description("Number of epochs.")] public int? Epochs { get; init; }
        [CommandOption("--batch-size <N>")] [Description("Closure pairs per batch.")] public int? BatchSize { get; init; }
        [CommandOption("--lr <RATE>")] [Description("Riemannian SGD learning rate (loss summed over the batch).")] public double? LearningRate { get; init; }
        [CommandOption("--negatives <K>")] [Description("Negative samples per pair.")] public int? Negatives { get; init; }
        [CommandOption("--burn-in <N>")] [Description("Burn-in epochs at learning rate / 10.")] public int? BurnIn { get; init; }
        [CommandOption("--final-lr-factor <F>")] [Description("After burn-in the learning rate decays linearly to lr x F at the last epoch (1: constant).")] public double? FinalLearningRateFactor { get; init; }
        [CommandOption("--engine <ENGINE>")] [Description("native: C# kernel with the analytic gradient, parallel over pairs (result independent of --threads); torch: TorchSharp autograd, the reference.")] public string? Engine { get; init; }
        [CommandOption("--eval-every <N>")] [Description("Reconstruction evaluation every N epochs.")] public int? EvalEvery { get; init; }
        [CommandOption("--eval-nodes <N>")] [Description("Evaluate on N seeded nodes (0: all; default all for a subtree, 2000 for the full closure).")] public int? EvalNodes { get; init; }
        [CommandOption("--final-eval-nodes <N>")] [Description("Nodes of the final evaluation (0: all; default: as --eval-nodes).")] public int? FinalEvalNodes { get; init; }
        [CommandOption("--max-minutes <M>")] [Description("Wall-clock budget.")] public double? MaxMinutes { get; init; }
        [CommandOption("--seed <N>")] [Description("Random seed.")] public int? Seed { get; init; }
        [CommandOption("--threads <N>")] [Description("Threads (torch threads and native kernel threads; default: one per core).")] public int? Threads { get; init; }
    }

    /// <summary>The recipe of a run: the preset (named, or the default for --root), overridden by every option given.</summary>
    public static PoincarePreset Recipe(Settings settings)
    {
        var preset = PoincarePresets.Resolve(settings.Preset, settings.Root);
        var o = preset.Options;
        return preset with
        {
            Root = settings.Root ?? preset.Root,
            Instances = settings.NoInstances is { } noInstances ? !noInstances : preset.Instances,
            Options = o with
            {
                Dimension = settings.Dimension ?? o.Dimension, Epochs = settings.Epochs ?? o.Epochs, BatchSize = settings.BatchSize ?? o.BatchSize,
                LearningRate = settings.LearningRate ?? o.LearningRate, Negatives = settings.Negatives ?? o.Negatives, BurnIn = settings.BurnIn ?? o.BurnIn,
                FinalLearningRateFactor = settings.FinalLearningRateFactor ?? o.FinalLearningRateFactor,
                Engine = settings.Engine?.ToLowerInvariant() switch
                {
                    null => o.Engine,
                    "native" => PoincareEngine.Native, "torch" => PoincareEngine.Torch,
                    _ => throw new ArgumentException($"--engine must be native or torch, not '{settings.Engine}'"),
                },
                EvalEvery = settings.EvalEvery ?? o.EvalEvery, EvalNodes = settings.EvalNodes ?? o.EvalNodes,
                FinalEvalNodes = settings.FinalEvalNodes ?? o.FinalEvalNodes, MaxMinutes = settings.MaxMinutes ?? o.MaxMinutes,
                Seed = settings.Seed ?? o.Seed, Threads = settings.Threads ?? o.Threads,
            },
        };
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Db)) throw new FileNotFoundException($"database {settings.Db} does not exist (run ./zsl etl wordnet)", settings.Db);
        var recipe = Recipe(settings);
        var options = recipe.Options;
        var closure = TaxonomyClosure.FromWordNet(settings.Db, recipe.Root, recipe.Instances);
        Console.WriteLine($"recipe: {recipe.Name}" + (options.MaxMinutes is { } budget ? $", budget {budget} min" : "") + " (hyper-parameters: manifest.json)");
        Console.WriteLine($"poincare: {closure.Nodes.Count:N0} nodes, {closure.Pairs.Length:N0} closure pairs" + (closure.Root is null ? "" : $" under {closure.Root}"));
        var clock = Stopwatch.StartNew();
        var result = PoincareTrainer.Train(closure, options, new SynchronousProgress<TrainingProgress>(p => Console.WriteLine(p)), cancellationToken);
        var output = settings.Out ?? Path.Combine("data", "embeddings", recipe.Root is null ? "poincare" : $"poincare-{recipe.Root}");
        var data = $"wordnet-noun-closure:{Path.GetFileName(settings.Db)}" + (closure.Root is null ? "" : $" root {closure.Root}") + (recipe.Instances ? " with instance hypernyms" : " hypernyms only");
        var path = await PoincareTrainer.WriteAsync(output, result, closure, options, data, cancellationToken);
        Console.WriteLine($"stopped: {result.StopReason}; reconstruction MAP {result.Metrics.Map:F4}, mean rank {result.Metrics.MeanRank:F2} " +
                          $"({result.Metrics.Nodes:N0} nodes, {result.Metrics.Pairs:N0} pairs)");
        Console.WriteLine($"wrote {path} ({closure.Nodes.Count:N0} rows) and manifest.json in {clock.Elapsed.TotalSeconds:F0} s");
        return 0;
    }
}
