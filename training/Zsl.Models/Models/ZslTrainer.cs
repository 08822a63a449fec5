using TorchSharp;
using Zsl.Models.Data;
using Zsl.Models.Graph;
using Zsl.Store;
using Zsl.Torch;
using Zsl.Torch.Optimizers;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Zsl.Models.Models;

/// <summary>Trains the ZSL models of chapters 2 and 4 from streamed visual features, class embeddings and a split.</summary>
public static class ZslTrainer
{
    public static readonly string[] ModelNames = ["eszsl", "conse", "devise", "gcn", "trivial"];

    public static async Task<ZslModel> TrainAsync(TrainOptions options, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        TorchRuntime.Initialize(options.Seed);
        if (!ModelNames.Contains(options.Model)) throw new ArgumentException($"unknown model '{options.Model}', expected one of {string.Join(", ", ModelNames)}");
        var split = ZslSplit.Load(options.Split);
        var file = await FeatureFile.OpenAsync(options.Features, cancellationToken);
        ClassEmbeddings? embeddings = null;
        if (options.Model != "trivial")
        {
            if (options.Embeddings is null) throw new ArgumentException($"--embeddings (class embeddings Parquet) is required for {options.Model}");
            embeddings = await ClassEmbeddings.LoadAsync(options.Embeddings, cancellationToken);
            embeddings.For(split.All, options.Embeddings); // fail early on a missing class
        }
        WordNetHierarchy? hierarchy = null;
        if (options.Model is "trivial" or "gcn")
        {
            if (options.Database is null) throw new ArgumentException($"--db (the WordNet SQLite database) is required for {options.Model}");
            hierarchy = WordNetHierarchy.Load(options.Database);
        }
        return options.Model switch
        {
            "eszsl" => await Eszsl(options, file, split, Semantics.FromEmbeddings(embeddings!, options.Embeddings!), embeddings!.Dimension, "eszsl", progress, cancellationToken),
            "trivial" => await Eszsl(options, file, split, Semantics.Local(hierarchy!), split.Train.Count, "trivial", progress, cancellationToken),
            "conse" => await Conse(options, file, split, embeddings!, progress, cancellationToken),
            "devise" => await Devise(options, file, split, embeddings!, progress, cancellationToken),
            _ => await GcnTrainer.TrainAsync(options, file, split, embeddings!, hierarchy!, progress, cancellationToken),
        };
    }

    // ---------------- ESZSL (and the trivial solution, ESZSL over local representations) ----------------

    private static async Task<ZslModel> Eszsl(TrainOptions options, FeatureFile file, ZslSplit split, SemanticProvider semantics,
        int semanticDimension, string name, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var train = split.Train;
        var validation = ValidationClasses(train, options.ValidationFraction, options.Seed);
        var validationSet = validation.ToHashSet();
        var fitClasses = train.Where(c => !validationSet.Contains(c)).ToArray();
        using var fit = new EszslAccumulator(file.Dimension, fitClasses);
        using var held = new EszslAccumulator(file.Dimension, validation);
        long done = 0;
        await foreach (var batch in Prefetch.AheadAsync(file.ReadBatchesAsync(options.BatchSize, c => fit.Knows(c) || held.Knows(c), cancellationToken), 4, cancellationToken))
        {
            fit.Add(batch);
            held.Add(batch);
            progress?.Report(new StageProgress($"{name}: accumulating XXᵀ", done += batch.Count, file.Rows, "images"));
        }
        if (fit.Images + held.Images == 0) throw new DataFormatException(file.Path, null, "images of the training classes (none of the split's training classes occurs in the file)");

        var hyper = new Dictionary<string, double>();
        var training = new Dictionary<string, double> { ["images"] = fit.Images + held.Images, ["validation_classes"] = validation.Count };
        double gammaRel = options.GammaGrid.Length == 1 ? options.GammaGrid[0] : 1e-2, lambdaRel = options.LambdaGrid.Length == 1 ? options.LambdaGrid[0] : 1e-2;
        if (validation.Count >= 2 && held.Images > 0 && options.GammaGrid.Length * options.LambdaGrid.Length > 1)
        {
            var (g, l, accuracy) = await SelectOnValidation(options, file, fit, fitClasses, validation, semantics, progress, cancellationToken);
            (gammaRel, lambdaRel) = (g, l);
            training["validation_top1"] = accuracy;
        }
        // Final solve on every training class and image: XXᵀ and the class sums of both parts add up.
        using var all = new EszslAccumulator(file.Dimension, [.. fitClasses, .. validation]);
        all.Gram.add_(fit.Gram, EszslAccumulator.One).add_(held.Gram, EszslAccumulator.One);
        all.ClassSums.index_copy_(0, arange(fitClasses.Length), fit.ClassSums);
        all.ClassSums.index_copy_(0, arange(fitClasses.Length, fitClasses.Length + validation.Count), held.ClassSums);
        using var s = ZslModel.Matrix(semantics(train, all.Classes)).to_type(ScalarType.Float64);
        using var xy = all.XY(options.SignedLabels);
        using var eigen = new EszslSolver.Eigen(all.Gram, xy, s);
        var gamma = gammaRel * eigen.MeanGramEigenvalue;
        var lambda = lambdaRel * eigen.MeanSemanticEigenvalue;
        using var v = EszslSolver.ClosedForm(all.Gram, xy, s, gamma, lambda);
        hyper["signed_labels"] = options.SignedLabels ? 1 : 0; hyper["gamma_relative"] = gammaRel; hyper["lambda_relative"] = lambdaRel; hyper["gamma"] = gamma; hyper["lambda"] = lambda;
        var classes = split.All;
        var prototypes = semantics(train, classes);
        var info = new ZslModelInfo(name, ScoreKind.Bilinear, options.Seed, file.Dimension, semanticDimension, train, split.Test, hyper, training);
        return new ZslModel(info, ZslModel.ToRows(v), classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => prototypes[x.i]));
    }

    private static async Task<(double Gamma, double Lambda, double Accuracy)> SelectOnValidation(TrainOptions options, FeatureFile file,
        EszslAccumulator fit, IReadOnlyList<string> fitClasses, IReadOnlyList<string> validation, SemanticProvider semantics,
        IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var grid = options.GammaGrid.SelectMany(g => options.LambdaGrid.Select(l => (g, l))).ToArray();
        using var s = ZslModel.Matrix(semantics(fitClasses, fitClasses)).to_type(ScalarType.Float64);
        // The held-out classes are unseen here: their representation relative to the fitting classes only.
        using var sVal = ZslModel.Matrix(semantics(fitClasses, validation)).to_type(ScalarType.Float64);
        using var xy = fit.XY(options.SignedLabels);
        using var eigen = new EszslSolver.Eigen(fit.Gram, xy, s);
        var blocks = grid.Select(p => { using var v = eigen.Solve(p.g * eigen.MeanGramEigenvalue, p.l * eigen.MeanSemanticEigenvalue); return v.mm(sVal.t()); }).ToArray();
        using var all = cat(blocks, 1).to_type(ScalarType.Float32);
        foreach (var b in blocks) b.Dispose();
        var index = validation.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var correct = new long[grid.Length, validation.Count];
        var counts = new long[validation.Count];
        long done = 0;
        await foreach (var batch in Prefetch.AheadAsync(file.ReadBatchesAsync(options.BatchSize, index.ContainsKey, cancellationToken), 4, cancellationToken))
        {
            using var scope = NewDisposeScope();
            var x = tensor(batch.Values, [batch.Count, batch.Dimension]);
            var predicted = x.mm(all).view(batch.Count, grid.Length, validation.Count).argmax(2).data<long>().ToArray();
            for (var i = 0; i < batch.Count; i++)
            {
                var truth = index[batch.Wnids[i]];
                counts[truth]++;
                for (var g = 0; g < grid.Length; g++) if (predicted[i * grid.Length + g] == truth) correct[g, truth]++;
            }
            progress?.Report(new StageProgress("eszsl: validating γ, λ", done += batch.Count, null, "images"));
        }
        var best = (Gamma: grid[0].g, Lambda: grid[0].l, Accuracy: -1.0);
        for (var g = 0; g < grid.Length; g++)
        {
            var present = Enumerable.Range(0, validation.Count).Where(c => counts[c] > 0).ToArray();
            var accuracy = present.Average(c => (double)correct[g, c] / counts[c]);
            if (accuracy > best.Accuracy + 1e-12) best = (grid[g].g, grid[g].l, accuracy);
        }
        return best;
    }

    /// <summary>A seeded random share of the training classes held out for model selection.</summary>
    public static IReadOnlyList<string> ValidationClasses(IReadOnlyList<string> train, double fraction, int seed)
    {
        if (fraction <= 0 || train.Count < 4) return [];
        var count = Math.Clamp((int)Math.Round(train.Count * fraction), 2, train.Count - 2);
        var shuffled = train.Order(StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(shuffled);
        return shuffled.Take(count).Order(StringComparer.Ordinal).ToArray();
    }

    // ---------------- seen-class softmax classifier (ConSE, GCN targets) ----------------

    /// <summary>Multinomial logistic regression on the seen classes (Adam, shuffled streamed batches): W (d x z), b (z).</summary>
    public static async Task<(Tensor Weights, Tensor Bias)> TrainSoftmaxAsync(TrainOptions options, FeatureFile file, IReadOnlyList<string> classes,
        bool bias, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => (long)x.i);
        var w = nn.Parameter(zeros(file.Dimension, classes.Count));
        var b = nn.Parameter(zeros(classes.Count));
        var parameters = bias ? new[] { w, b } : new[] { w };
        using var optimizer = new Adam(parameters, options.LearningRate, options.WeightDecay) { Fused = false };
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            double total = 0; long n = 0;
            await foreach (var batch in ShuffleBuffer.ShuffleAsync(file.ReadBatchesAsync(options.BatchSize, index.ContainsKey, cancellationToken), Math.Min(options.BatchSize, 256), options.ShuffleBufferRows, options.Seed + epoch))
            {
                using var scope = NewDisposeScope();
                var x = tensor(batch.Values, [batch.Count, batch.Dimension]);
                var y = tensor(batch.Wnids.Select(c => index[c]).ToArray());
                var logits = bias ? x.mm(w) + b : x.mm(w);
                var loss = functional.cross_entropy(logits, y);
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
                total += loss.item<float>() * batch.Count; n += batch.Count;
            }
            progress?.Report(new StageProgress($"softmax classifier: epoch, loss {total / Math.Max(1, n):F4}", epoch + 1, options.Epochs, "epochs"));
        }
        return (w.detach(), b.detach());
    }

    private static async Task<ZslModel> Conse(TrainOptions options, FeatureFile file, ZslSplit split, ClassEmbeddings embeddings,
        IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var (w, b) = await TrainSoftmaxAsync(options, file, split.Train, bias: true, progress, cancellationToken);
        using var stacked = cat([w, b.unsqueeze(0)], 0);
        var prototypes = split.All.ToDictionary(c => c, c => Semantics.Normalized(embeddings.Vectors[c]));
        var info = new ZslModelInfo("conse", ScoreKind.Conse, options.Seed, file.Dimension, embeddings.Dimension, split.Train, split.Test,
            new Dictionary<string, double> { ["top"] = options.ConseTop, ["epochs"] = options.Epochs, ["learning_rate"] = options.LearningRate },
            new Dictionary<string, double>(), options.ConseTop);
        return new ZslModel(info, ZslModel.ToRows(stacked), prototypes);
    }

    // ---------------- DeViSE: linear map trained with a hinge rank loss ----------------

    private static async Task<ZslModel> Devise(TrainOptions options, FeatureFile file, ZslSplit split, ClassEmbeddings embeddings,
        IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var index = split.Train.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => (long)x.i);
        var prototypes = split.All.ToDictionary(c => c, c => Semantics.Normalized(embeddings.Vectors[c]));
        using var s = ZslModel.Matrix(split.Train.Select(c => prototypes[c]).ToArray());
        var m = nn.Parameter(randn(file.Dimension, embeddings.Dimension) * (1.0 / Math.Sqrt(file.Dimension)) * 0.01);
        using var optimizer = new Adam([m], options.LearningRate, options.WeightDecay) { Fused = false };
        double last = double.NaN;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            double total = 0; long n = 0;
            await foreach (var batch in ShuffleBuffer.ShuffleAsync(file.ReadBatchesAsync(options.BatchSize, index.ContainsKey, cancellationToken), Math.Min(options.BatchSize, 256), options.ShuffleBufferRows, options.Seed + epoch))
            {
                using var scope = NewDisposeScope();
                var x = tensor(batch.Values, [batch.Count, batch.Dimension]);
                var y = tensor(batch.Wnids.Select(c => index[c]).ToArray());
                var scores = x.mm(m).mm(s.t());
                var correct = scores.gather(1, y.unsqueeze(1));
                // Hinge rank loss: sum over wrong labels j of max(0, margin - s_y·Mx + s_j·Mx).
                var violations = functional.relu(options.Margin - correct + scores);
                var mask = ones_like(violations).scatter_(1, y.unsqueeze(1), zeros(batch.Count, 1));
                var loss = (violations * mask).sum(1).mean();
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
                total += loss.item<float>() * batch.Count; n += batch.Count;
            }
            last = total / Math.Max(1, n);
            progress?.Report(new StageProgress($"devise: epoch, hinge rank loss {last:F4}", epoch + 1, options.Epochs, "epochs"));
        }
        var info = new ZslModelInfo("devise", ScoreKind.Bilinear, options.Seed, file.Dimension, embeddings.Dimension, split.Train, split.Test,
            new Dictionary<string, double> { ["margin"] = options.Margin, ["epochs"] = options.Epochs, ["learning_rate"] = options.LearningRate },
            new Dictionary<string, double> { ["final_loss"] = last });
        return new ZslModel(info, ZslModel.ToRows(m.detach()), prototypes);
    }
}
