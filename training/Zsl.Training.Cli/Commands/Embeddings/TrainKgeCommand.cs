using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Embeddings;
using Zsl.Embeddings.Kge;

namespace Zsl.Training.Cli.Commands.Embeddings;

/// <summary>./zsl train kge: knowledge-graph embeddings (thesis table 4.3) with filtered MRR / Hits@k evaluation.</summary>
public sealed class TrainKgeCommand : AsyncCommand<TrainKgeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <NAME>")]
        [Description("transe, transe-star, distmult or conve (default: the --preset's model, distmult without one). Alone, a model trains its best recorded recipe: distmult → distmult-1n, conve → conve, transe → transe, transe-star → transe-star.")]
        public string? Model { get; init; }

        [CommandOption("--preset <NAME>")]
        [Description("A recorded WN18RR recipe (docs/benchmarks.md), time budget included; options given with it override its values. " +
                     "distmult-1n (test MRR 0.432), distmult (0.417 in 7.5 min), conve (0.431), transe (0.221), transe-star, or none: the plain defaults below (thesis table 4.3 losses). " +
                     "Flags a preset sets (e.g. --distinct-queries) stay set: start from --preset none to leave them out.")]
        public string? Preset { get; init; }

        [CommandOption("--triples <DIR>")]
        [Description("Folder with tab-separated train.txt, valid.txt, test.txt (head, relation, tail), e.g. ../shared/data/kg/WN18RR.")]
        public string? Triples { get; init; }

        [CommandOption("--source <SOURCE>")]
        [Description("Without --triples: 'wordnet' (pointers table of --db) or 'rdf' (its rdf_triples table); split at random into train/valid/test.")]
        public string Source { get; init; } = "wordnet";

        [CommandOption("--db <PATH>")]
        [Description("WordNet SQLite database: triples source without --triples, and maps WN18RR offsets to wnids in the output when present.")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--out <DIR>")]
        [Description("Output folder: embeddings.parquet (wnid, vector), manifest.json, checkpoint.bin. Default: data/embeddings/<model>.")]
        public string? Out { get; init; }

        [CommandOption("--dim <N>")] [Description("Embedding dimension.")] public int? Dimension { get; init; }
        [CommandOption("--epochs <N>")] [Description("Maximum number of epochs.")] public int? Epochs { get; init; }
        [CommandOption("--batch-size <N>")] [Description("Facts per batch (reciprocals included).")] public int? BatchSize { get; init; }
        [CommandOption("--lr <RATE>")] [Description("Adam learning rate.")] public double? LearningRate { get; init; }
        [CommandOption("--weight-decay <W>")] [Description("Adam weight decay (L2).")] public double? WeightDecay { get; init; }

        [CommandOption("--loss <LOSS>")]
        [Description("margin, triplet, bce, softmax or self-adversarial (RotatE's weighted negatives). Default per table 4.3: TransE/DistMult margin, TransE* triplet, ConvE bce.")]
        public string? Loss { get; init; }

        [CommandOption("--scoring <MODE>")]
        [Description("negatives (sampled corrupted objects per fact), shared (--negatives entities per batch, shared by its facts) or 1-n (every entity). Default: 1-n for ConvE, negatives otherwise.")]
        public string? Scoring { get; init; }

        [CommandOption("--negatives <K>")] [Description("Negative samples per fact.")] public int? Negatives { get; init; }
        [CommandOption("--margin <G>")] [Description("Margin γ of the margin/triplet losses (default: TransE 6, TransE* 0.5, DistMult 1).")] public double? Margin { get; init; }
        [CommandOption("--norm <P>")] [Description("TransE distance: 1 (L1) or 2 (L2).")] public int? Norm { get; init; }
        [CommandOption("--label-smoothing <E>")] [Description("Label smoothing of 1-N BCE.")] public double? LabelSmoothing { get; init; }
        [CommandOption("--adversarial-temperature <A>")] [Description("Temperature α of the self-adversarial negative weights.")] public double? AdversarialTemperature { get; init; }
        [CommandOption("--n3 <W>")] [Description("Weight of the N3 penalty (Lacroix et al. 2018) on the batch's embeddings.")] public double? N3 { get; init; }
        [CommandOption("--embedding-dropout <P>")] [Description("DistMult/TransE*: dropout on the subject and relation embeddings of training queries.")] public double? EmbeddingDropout { get; init; }
        [CommandOption("--dropout <P>")] [Description("ConvE dropout.")] public double? Dropout { get; init; }
        [CommandOption("--lr-decay <F>")] [Description("Multiply the learning rate by F after --lr-patience validations without a better MRR, and keep training (default 1: constant rate).")] public double? LrDecay { get; init; }
        [CommandOption("--distinct-queries")] [Description("1-N training over distinct (head, relation) queries, each with all its true tails as targets (Dettmers et al.), instead of one query per fact.")] public bool? DistinctQueries { get; init; }
        [CommandOption("--distinct-weight <W>")] [Description("With --distinct-queries and --loss softmax: query (default; target uniform over the true tails, every query weighs 1) or fact (sum of the per-fact losses of its tails, every fact weighs 1 as in per-fact training, one query-network pass per query).")] public string? DistinctWeight { get; init; }
        [CommandOption("--weight-average <D>")] [Description("Validate, keep and test an exponential moving average of the weights, updated after every step with decay D (e.g. 0.999: about the last 1,000 steps) instead of the live weights (default 0: off).")] public double? WeightAverage { get; init; }
        [CommandOption("--lr-cosine")] [Description("Cosine-anneal the learning rate from --lr down to --lr-final-factor × --lr over --epochs epochs (set --epochs to what the time budget allows).")] public bool? LrCosine { get; init; }
        [CommandOption("--lr-final-factor <F>")] [Description("With --lr-cosine: the rate of the last epoch as a fraction of --lr (default 0).")] public double? LrFinalFactor { get; init; }
        [CommandOption("--lr-patience <N>")] [Description("Validations without improvement (since the last improvement or decay) before --lr-decay applies.")] public int? LrPatience { get; init; }
        [CommandOption("--subsampling")] [Description("Self-adversarial loss: weight each fact by 1/sqrt(n(h,r) + n(t,r⁻¹)) (RotatE's subsampling; n counts the query's training facts from 4).")] public bool? Subsampling { get; init; }
        [CommandOption("--init-range <R>")] [Description("TransE: initialise entity and relation vectors uniformly in [[-R, R]] (RotatE: (margin + 2) / dim) instead of Xavier normal.")] public double? InitRange { get; init; }
        [CommandOption("--no-unit-ball")] [Description("TransE: do not renormalise entity vectors into the unit ball after each step (as RotatE's TransE).")] public bool? NoUnitBall { get; init; }
        [CommandOption("--matmul-precision <P>")]
        [Description("float32 or bfloat16: precision of the large training products, i.e. 1-N scores against every entity and ConvE's fully connected layer (bfloat16 operands, float32 accumulation: about 3x faster on CPUs with AVX512-BF16; weights and Adam stay float32). Evaluation always uses float32.")]
        public string? MatmulPrecision { get; init; }
        [CommandOption("--progress-every <N>")] [Description("Also print the loss and the epoch's ETA every N batches (0: only per epoch).")] public int? ProgressEvery { get; init; }
        [CommandOption("--eval-every <N>")] [Description("Validate (filtered MRR) every N epochs.")] public int? EvalEvery { get; init; }
        [CommandOption("--patience <N>")] [Description("Early stop after N validations without improvement.")] public int? Patience { get; init; }
        [CommandOption("--valid-sample <N>")] [Description("Validate on a seeded subset of N validation facts (default: all).")] public int? ValidSample { get; init; }
        [CommandOption("--max-minutes <M>")] [Description("Wall-clock budget; the best checkpoint so far is kept.")] public double? MaxMinutes { get; init; }
        [CommandOption("--seed <N>")] [Description("Random seed (initialisation, shuffling, negatives, split).")] public int? Seed { get; init; }
        [CommandOption("--threads <N>")] [Description("Torch threads (default: one per core).")] public int? Threads { get; init; }
    }

    /// <summary>The hyper-parameters of a run: the preset (named, or the model's default), overridden by every option given.</summary>
    public static KgeOptions Options(Settings settings)
    {
        var preset = KgePresets.Resolve(settings.Preset, settings.Model is null ? null : KgeExport.ParseModel(settings.Model));
        return preset with
        {
            Dimension = settings.Dimension ?? preset.Dimension, Epochs = settings.Epochs ?? preset.Epochs, BatchSize = settings.BatchSize ?? preset.BatchSize,
            LearningRate = settings.LearningRate ?? preset.LearningRate, WeightDecay = settings.WeightDecay ?? preset.WeightDecay,
            Loss = settings.Loss is null ? preset.Loss : ParseLoss(settings.Loss),
            Scoring = settings.Scoring is null ? preset.Scoring : ParseScoring(settings.Scoring),
            Negatives = settings.Negatives ?? preset.Negatives, Margin = settings.Margin ?? preset.Margin, Norm = settings.Norm ?? preset.Norm,
            LabelSmoothing = settings.LabelSmoothing ?? preset.LabelSmoothing, AdversarialTemperature = settings.AdversarialTemperature ?? preset.AdversarialTemperature,
            N3 = settings.N3 ?? preset.N3, EmbeddingDropout = settings.EmbeddingDropout ?? preset.EmbeddingDropout, Dropout = settings.Dropout ?? preset.Dropout,
            EvalEvery = settings.EvalEvery ?? preset.EvalEvery, LrDecay = settings.LrDecay ?? preset.LrDecay, LrPatience = settings.LrPatience ?? preset.LrPatience,
            CosineSchedule = settings.LrCosine ?? preset.CosineSchedule, CosineFinalFactor = settings.LrFinalFactor ?? preset.CosineFinalFactor,
            DistinctQueries = settings.DistinctQueries ?? preset.DistinctQueries, WeightAverageDecay = settings.WeightAverage ?? preset.WeightAverageDecay,
            SubsamplingWeights = settings.Subsampling ?? preset.SubsamplingWeights,
            InitRange = settings.InitRange ?? preset.InitRange, UnitBall = settings.NoUnitBall is { } noUnitBall ? !noUnitBall : preset.UnitBall,
            Patience = settings.Patience ?? preset.Patience, ValidSample = settings.ValidSample ?? preset.ValidSample, MaxMinutes = settings.MaxMinutes ?? preset.MaxMinutes,
            Seed = settings.Seed ?? preset.Seed, Threads = settings.Threads ?? preset.Threads,
            MatmulPrecision = settings.MatmulPrecision?.ToLowerInvariant() switch
            {
                null => preset.MatmulPrecision,
                "float32" or "fp32" => MatmulPrecision.Float32,
                "bfloat16" or "bf16" => MatmulPrecision.BFloat16,
                _ => throw new ArgumentException($"unknown --matmul-precision '{settings.MatmulPrecision}': expected float32 or bfloat16"),
            },
            DistinctWeight = settings.DistinctWeight?.ToLowerInvariant() switch
            {
                null => preset.DistinctWeight,
                "query" => DistinctQueryWeight.Query,
                "fact" => DistinctQueryWeight.Fact,
                _ => throw new ArgumentException($"unknown --distinct-weight '{settings.DistinctWeight}': expected query or fact"),
            },
        };
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = Options(settings);
        var progressEvery = settings.ProgressEvery ?? 0;
        if (progressEvery < 0) throw new ArgumentException("--progress-every must be ≥ 0");
        options.Validate();
        var (graph, data, keys) = LoadGraph(settings, options.Seed);
        var modelName = KgeExport.ModelName(options.Model);
        AnsiConsole.WriteLine($"recipe: {settings.Preset ?? KgePresets.DefaultFor(options.Model).Name}" +
                              (options.MaxMinutes is { } budget ? $", budget {budget} min" : "") + " (hyper-parameters: manifest.json)");
        var output = settings.Out ?? Path.Combine("data", "embeddings", modelName);
        Directory.CreateDirectory(output);
        AnsiConsole.WriteLine($"{modelName}: {graph.EntityCount:N0} entities, {graph.RelationCount} relations, " +
                              $"{graph.Train.Length:N0}/{graph.Valid.Length:N0}/{graph.Test.Length:N0} train/valid/test facts; " +
                              $"loss {options.EffectiveLoss}, scoring {options.EffectiveScoring}");
        var clock = Stopwatch.StartNew();
        var result = KgeTrainer.Train(graph, options, Path.Combine(output, "checkpoint.bin"), new SynchronousProgress<TrainingProgress>(p => Console.WriteLine(p)), cancellationToken,
            progressEvery > 0 ? new SynchronousProgress<BatchProgress>(b => { if (b.Batch % progressEvery == 0) Console.WriteLine(b); }) : null);
        var path = await KgeExport.WriteAsync(output, result, graph, options, data, keys, cancellationToken);
        Console.WriteLine($"stopped: {result.StopReason}; best valid MRR {result.BestValidMrr:F4} at epoch {result.BestEpoch}");
        if (result.Test is { } test)
        {
            Console.WriteLine($"test (filtered): MRR {test.Both.Mrr:F4}  Hits@1 {test.Both.Hits1:F4}  Hits@3 {test.Both.Hits3:F4}  Hits@10 {test.Both.Hits10:F4}  MR {test.Both.MeanRank:F1}");
            Console.WriteLine($"  head: MRR {test.Head.Mrr:F4}  Hits@10 {test.Head.Hits10:F4}   tail: MRR {test.Tail.Mrr:F4}  Hits@10 {test.Tail.Hits10:F4}");
        }
        if (result.Valid is { } valid)
            Console.WriteLine($"valid (filtered, whole split, same checkpoint): MRR {valid.Both.Mrr:F4}  Hits@1 {valid.Both.Hits1:F4}  Hits@10 {valid.Both.Hits10:F4}");
        Console.WriteLine($"wrote {path} ({graph.EntityCount:N0} rows) and manifest.json in {clock.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    private static (KnowledgeGraph Graph, string Data, Func<string, string>? Keys) LoadGraph(Settings settings, int seed)
    {
        if (settings.Triples is { } dir)
        {
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"triples folder {dir} does not exist");
            var graph = new KnowledgeGraph(
                TripleSources.ReadTsv(Path.Combine(dir, "train.txt")),
                TripleSources.ReadTsv(Path.Combine(dir, "valid.txt")),
                TripleSources.ReadTsv(Path.Combine(dir, "test.txt")));
            var keys = File.Exists(settings.Db) ? TripleSources.OffsetToWnid(settings.Db) : null;
            return (graph, $"tsv:{Path.GetFullPath(dir)}", keys);
        }
        if (!File.Exists(settings.Db)) throw new FileNotFoundException($"database {settings.Db} does not exist (run ./zsl etl wordnet)", settings.Db);
        var triples = settings.Source switch
        {
            "wordnet" => TripleSources.FromWordNetPointers(settings.Db),
            "rdf" => TripleSources.FromRdfTriples(settings.Db),
            _ => throw new ArgumentException($"unknown --source '{settings.Source}': expected wordnet or rdf"),
        };
        return (KnowledgeGraph.Split(triples, 0.02, 0.02, seed), $"{settings.Source}:{Path.GetFileName(settings.Db)} (98/2/2 split, seed {seed})", null);
    }

    private static KgeLoss ParseLoss(string name) => name.ToLowerInvariant() switch
    {
        "margin" => KgeLoss.Margin, "triplet" => KgeLoss.Triplet, "bce" => KgeLoss.Bce, "softmax" => KgeLoss.Softmax,
        "self-adversarial" => KgeLoss.SelfAdversarial,
        _ => throw new ArgumentException($"unknown --loss '{name}': expected margin, triplet, bce, softmax or self-adversarial"),
    };

    private static KgeScoring ParseScoring(string name) => name.ToLowerInvariant() switch
    {
        "negatives" => KgeScoring.Negatives, "shared" => KgeScoring.Shared, "1-n" or "one-to-n" => KgeScoring.OneToN,
        _ => throw new ArgumentException($"unknown --scoring '{name}': expected negatives, shared or 1-n"),
    };
}

/// <summary>An IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
