namespace Zsl.Embeddings.Kge;

/// <summary>A named training recipe: the hyper-parameters (time budget included) of a run recorded in docs/benchmarks.md.</summary>
public sealed record KgePreset(string Name, string Description, KgeOptions Options);

/// <summary>
/// The recorded WN18RR recipes of <c>./zsl train kge</c>. Each model trains its best recorded recipe unless told
/// otherwise; options given next to a preset override its values.
/// </summary>
public static class KgePresets
{
    /// <summary>The name that selects the plain defaults of <see cref="KgeOptions"/> (thesis table 4.3's losses) instead of a preset.</summary>
    public const string None = "none";

    public static IReadOnlyList<KgePreset> All { get; } =
    [
        new("distmult-1n", "DistMult, softmax over every entity (1-N), embedding dropout 0.3, lr 0.01, 44-minute budget: test MRR 0.432",
            new KgeOptions
            {
                Model = KgeModelKind.DistMult, Loss = KgeLoss.Softmax, Scoring = KgeScoring.OneToN, EmbeddingDropout = 0.3,
                Dimension = 200, LearningRate = 0.01, BatchSize = 512, Epochs = 200, EvalEvery = 1, Patience = 3, MaxMinutes = 44,
            }),
        new("distmult", "DistMult, softmax over 4,096 negatives shared by a batch, embedding dropout 0.3: test MRR 0.417 in 7.5 minutes",
            new KgeOptions
            {
                Model = KgeModelKind.DistMult, Loss = KgeLoss.Softmax, Scoring = KgeScoring.Shared, Negatives = 4096, EmbeddingDropout = 0.3,
                Dimension = 200, LearningRate = 0.003, BatchSize = 512, Epochs = 200, EvalEvery = 1, Patience = 4, MaxMinutes = 24,
            }),
        new("conve", "ConvE, 1-N softmax over distinct queries weighted by fact, bfloat16 products, weight average 0.999, 58-minute budget: test MRR 0.431",
            new KgeOptions
            {
                Model = KgeModelKind.ConvE, Loss = KgeLoss.Softmax, Scoring = KgeScoring.OneToN, MatmulPrecision = MatmulPrecision.BFloat16,
                Dropout = 0.2, Dimension = 200, LearningRate = 0.003, BatchSize = 320, DistinctQueries = true,
                DistinctWeight = DistinctQueryWeight.Fact, WeightAverageDecay = 0.999, Epochs = 200, EvalEvery = 1, Patience = 10, MaxMinutes = 58,
            }),
        new("transe", "TransE, L1, self-adversarial loss over 1,024 shared negatives with RotatE's initialisation and subsampling, rate halved on plateaus: test MRR 0.221",
            new KgeOptions
            {
                Model = KgeModelKind.TransE, Loss = KgeLoss.SelfAdversarial, Scoring = KgeScoring.Shared, Negatives = 1024,
                AdversarialTemperature = 0.5, Norm = 1, Margin = 6, SubsamplingWeights = true, InitRange = 0.04, UnitBall = false,
                Dimension = 200, LearningRate = 0.0005, LrDecay = 0.5, LrPatience = 2, BatchSize = 512, Epochs = 200, EvalEvery = 2,
                Patience = 6, MaxMinutes = 56,
            }),
        new("transe-star", "TransE*, triplet margin 0.5 over 64 sampled negatives per fact, 25-minute budget (no recorded figure)",
            new KgeOptions
            {
                Model = KgeModelKind.TransEStar, Margin = 0.5, Negatives = 64, Dimension = 200, LearningRate = 0.003, BatchSize = 512,
                Epochs = 200, EvalEvery = 2, Patience = 3, MaxMinutes = 25,
            }),
    ];

    /// <summary>The preset a model trains when no preset is named: its best recorded recipe.</summary>
    public static KgePreset DefaultFor(KgeModelKind model) => Get(model switch
    {
        KgeModelKind.DistMult => "distmult-1n",
        KgeModelKind.ConvE => "conve",
        KgeModelKind.TransE => "transe",
        KgeModelKind.TransEStar => "transe-star",
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    });

    public static KgePreset Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown --preset '{name}': expected {string.Join(", ", All.Select(p => p.Name))} or {None}");

    /// <summary>
    /// The options a run starts from: the named preset, the plain defaults for <see cref="None"/>, or without a name the
    /// model's default preset (DistMult when no model is given either). A model that contradicts the named preset is an error.
    /// </summary>
    public static KgeOptions Resolve(string? preset, KgeModelKind? model)
    {
        if (preset is null) return DefaultFor(model ?? KgeModelKind.DistMult).Options;
        if (string.Equals(preset, None, StringComparison.OrdinalIgnoreCase)) return new KgeOptions { Model = model ?? KgeModelKind.DistMult };
        var chosen = Get(preset);
        if (model is { } m && m != chosen.Options.Model)
            throw new ArgumentException($"--preset {chosen.Name} trains {KgeExport.ModelName(chosen.Options.Model)}, not {KgeExport.ModelName(m)}: drop --model or choose another preset");
        return chosen.Options;
    }
}
