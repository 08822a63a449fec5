namespace Zsl.Embeddings.Kge;

/// <summary>Training losses. Margin and Triplet need negative sampling; Bce and Softmax work with either scoring.</summary>
public enum KgeLoss
{
    /// <summary>Margin ranking: mean over negatives of max(0, γ − ψ(pos) + ψ(neg)) (TransE, DistMult).</summary>
    Margin,
    /// <summary>Triplet margin on sigmoid similarities: max(0, γ − σ(ψ(pos)) + σ(ψ(neg))) (TransE*).</summary>
    Triplet,
    /// <summary>Binary cross-entropy on logits, positives labelled 1 (label smoothing in 1-N), negatives 0 (ConvE).</summary>
    Bce,
    /// <summary>Cross-entropy of the true object against the candidates (all entities in 1-N).</summary>
    Softmax,
    /// <summary>
    /// Self-adversarial negative sampling (Sun et al. 2019, RotatE): −log σ(γ + ψ(pos)) − Σ_i p_i log σ(−γ − ψ(neg_i)),
    /// the negatives weighted by p = softmax(α (γ + ψ(neg))) taken as constants.
    /// </summary>
    SelfAdversarial,
}

/// <summary>
/// Negative sampling (K uniform corrupted objects per fact), shared negatives (K uniform entities per batch,
/// candidates of every fact in it: one matrix product instead of a gather per fact) or 1-N scoring (every entity).
/// </summary>
public enum KgeScoring { Negatives, Shared, OneToN }

/// <summary>How the softmax loss of a distinct query is shared among its true tails (<see cref="KgeOptions.DistinctQueries"/>).</summary>
public enum DistinctQueryWeight
{
    /// <summary>Cross-entropy against the uniform distribution over the true tails: every query weighs 1, whatever its number of tails.</summary>
    Query,
    /// <summary>
    /// The sum of the per-fact cross-entropies of its true tails, averaged over the batch's facts: every fact weighs 1,
    /// as in per-fact training, with one pass of the query network per query instead of one per fact.
    /// </summary>
    Fact,
}

/// <summary>Hyper-parameters of a knowledge-graph embedding run; null loss/scoring/margin take the model's default (table 4.3).</summary>
public sealed record KgeOptions
{
    public KgeModelKind Model { get; init; } = KgeModelKind.DistMult;
    public int Dimension { get; init; } = 200;
    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 512;
    public double LearningRate { get; init; } = 0.003;
    public double WeightDecay { get; init; }
    public KgeLoss? Loss { get; init; }
    public KgeScoring? Scoring { get; init; }
    public int Negatives { get; init; } = 64;
    public double? Margin { get; init; }
    /// <summary>TransE distance: 1 (L1) or 2 (L2).</summary>
    public int Norm { get; init; } = 1;
    public double LabelSmoothing { get; init; } = 0.1;
    /// <summary>Temperature α of the self-adversarial negative weights.</summary>
    public double AdversarialTemperature { get; init; } = 1.0;
    /// <summary>Dropout on the subject and relation embeddings of training queries (DistMult, TransE*).</summary>
    public double EmbeddingDropout { get; init; }
    /// <summary>
    /// 1-N training over the distinct queries (h, r) of the training facts and their reciprocals, each with all its true
    /// tails as targets (Dettmers et al.), instead of one query per fact: 103,509 instead of 173,670 rows per WN18RR
    /// epoch. Softmax: the target distribution is uniform over the true tails; BCE: every true tail is labelled 1.
    /// </summary>
    public bool DistinctQueries { get; init; }
    /// <summary>With <see cref="DistinctQueries"/> and the softmax loss: how a query's loss is shared among its true tails.</summary>
    public DistinctQueryWeight DistinctWeight { get; init; } = DistinctQueryWeight.Query;

    /// <summary>
    /// Decay per step of an exponential moving average of the weights that is validated, checkpointed and tested instead
    /// of the live weights (e.g. 0.999: about the last 1,000 steps); 0: off.
    /// </summary>
    public double WeightAverageDecay { get; init; }

    /// <summary>Weight of the N3 penalty on the embeddings of each batch (0: none).</summary>
    public double N3 { get; init; }
    /// <summary>ConvE dropout rate (input and feature maps; hidden layer 1.5×, at most 0.5).</summary>
    public double Dropout { get; init; } = 0.2;
    public int ConvEHeight { get; init; } = 10;
    /// <summary>Precision of the 1-N training products with the entity table (DistMult, TransE*, ConvE).</summary>
    public MatmulPrecision MatmulPrecision { get; init; } = MatmulPrecision.Float32;
    public int EvalEvery { get; init; } = 5;
    /// <summary>Stop after this many validations without a better MRR.</summary>
    public int Patience { get; init; } = 4;
    /// <summary>Validate on at most this many validation triples (seeded subset), all when null.</summary>
    public int? ValidSample { get; init; }
    public int Seed { get; init; } = 1;
    public int? Threads { get; init; }
    /// <summary>Multiply the learning rate by this factor after <see cref="LrPatience"/> validations without a better MRR (1: constant rate).</summary>
    public double LrDecay { get; init; } = 1.0;
    /// <summary>Validations without improvement (since the last improvement or decay) before the learning rate is decayed.</summary>
    public int LrPatience { get; init; } = 1;

    /// <summary>
    /// Cosine annealing: epoch e (1-based) trains at lr · (f + (1 − f) · ½(1 + cos(π (e − 1) / E))), E =
    /// <see cref="Epochs"/>, f = <see cref="CosineFinalFactor"/>; a schedule fixed by the epoch count, so runs stay
    /// deterministic. Not combined with <see cref="LrDecay"/>.
    /// </summary>
    public bool CosineSchedule { get; init; }

    /// <summary>The cosine schedule's rate at the last epoch as a fraction of the initial one.</summary>
    public double CosineFinalFactor { get; init; }

    /// <summary>The learning rate of an epoch (1-based) under the schedule.</summary>
    public double LearningRateAt(int epoch) => !CosineSchedule
        ? LearningRate
        : LearningRate * (CosineFinalFactor + (1 - CosineFinalFactor) * 0.5 * (1 + Math.Cos(Math.PI * (epoch - 1) / Epochs)));
    /// <summary>
    /// Self-adversarial loss: weight each fact by 1/√(n(h, r) + n(t, r⁻¹)) (RotatE's subsampling; n = training facts of
    /// the query, counted from 4), so queries with many answers do not dominate the loss.
    /// </summary>
    public bool SubsamplingWeights { get; init; }
    /// <summary>TransE: initialise entity and relation vectors uniformly in [−R, R] instead of Xavier normal (RotatE: (γ + 2) / dim).</summary>
    public double? InitRange { get; init; }
    /// <summary>TransE: renormalise entity vectors into the unit ball after every step (Bordes et al.); off in RotatE's TransE.</summary>
    public bool UnitBall { get; init; } = true;
    /// <summary>Wall-clock budget: training stops at the first epoch end past it (the best checkpoint is kept).</summary>
    public double? MaxMinutes { get; init; }

    public KgeLoss EffectiveLoss => Loss ?? Model switch
    {
        KgeModelKind.TransE or KgeModelKind.DistMult => KgeLoss.Margin,
        KgeModelKind.TransEStar => KgeLoss.Triplet,
        _ => KgeLoss.Bce,
    };

    public KgeScoring EffectiveScoring => Scoring ?? (Model == KgeModelKind.ConvE ? KgeScoring.OneToN : KgeScoring.Negatives);

    public double EffectiveMargin => Margin ?? Model switch
    {
        KgeModelKind.TransE => 6.0,
        _ when EffectiveLoss == KgeLoss.SelfAdversarial => 0.0,
        KgeModelKind.TransEStar => 0.5,
        _ => 1.0,
    };

    public void Validate()
    {
        if (Dimension <= 0 || Epochs <= 0 || BatchSize <= 0 || LearningRate <= 0 || EvalEvery <= 0 || Patience <= 0)
            throw new ArgumentException("dimension, epochs, batch size, learning rate, eval-every and patience must be positive");
        if (EffectiveScoring is KgeScoring.Negatives or KgeScoring.Shared && Negatives <= 0)
            throw new ArgumentException("negative sampling needs --negatives > 0");
        if (EffectiveScoring == KgeScoring.OneToN && EffectiveLoss is KgeLoss.Margin or KgeLoss.Triplet)
            throw new ArgumentException($"the {EffectiveLoss} loss compares a fact with sampled negatives: use --scoring negatives");
        if (EffectiveScoring == KgeScoring.OneToN && EffectiveLoss == KgeLoss.SelfAdversarial)
            throw new ArgumentException("the self-adversarial loss weights sampled negatives: use --scoring negatives or shared");
        if (EffectiveScoring == KgeScoring.Shared && Model == KgeModelKind.ConvE)
            throw new ArgumentException("ConvE scores every entity: use --scoring 1-n or negatives");
        if (EmbeddingDropout is < 0 or >= 1) throw new ArgumentException("--embedding-dropout must be in [0, 1)");
        if (N3 < 0 || AdversarialTemperature < 0) throw new ArgumentException("--n3 and --adversarial-temperature must be ≥ 0");
        if (LabelSmoothing is < 0 or >= 1) throw new ArgumentException("label smoothing must be in [0, 1)");
        if (LrDecay is <= 0 or > 1 || LrPatience <= 0) throw new ArgumentException("--lr-decay must be in (0, 1] and --lr-patience positive");
        if (DistinctQueries && (EffectiveScoring != KgeScoring.OneToN || Model == KgeModelKind.TransE || N3 > 0))
            throw new ArgumentException("--distinct-queries is a 1-N training mode for ConvE, DistMult and TransE* (without --n3)");
        if (DistinctWeight != DistinctQueryWeight.Query && !(DistinctQueries && EffectiveLoss == KgeLoss.Softmax))
            throw new ArgumentException("--distinct-weight applies to --distinct-queries with --loss softmax");
        if (WeightAverageDecay is < 0 or >= 1) throw new ArgumentException($"--weight-average must be in [0, 1) (0: off), not {WeightAverageDecay}");
        if (CosineSchedule && LrDecay < 1) throw new ArgumentException("--lr-cosine and --lr-decay are two schedules: choose one");
        if (CosineFinalFactor is < 0 or > 1) throw new ArgumentException($"--lr-final-factor must be in [0, 1], not {CosineFinalFactor}");
        if (SubsamplingWeights && EffectiveLoss != KgeLoss.SelfAdversarial)
            throw new ArgumentException("--subsampling weights the self-adversarial loss: use --loss self-adversarial");
        if (InitRange is <= 0) throw new ArgumentException("--init-range must be positive");
        if ((InitRange is not null || !UnitBall) && Model != KgeModelKind.TransE)
            throw new ArgumentException("--init-range and --no-unit-ball apply to TransE only");
    }

    /// <summary>The hyper-parameters as written in manifest.json.</summary>
    public IReadOnlyDictionary<string, object?> ToDictionary() => new Dictionary<string, object?>
    {
        ["dimension"] = Dimension,
        ["epochs"] = Epochs,
        ["batchSize"] = BatchSize,
        ["learningRate"] = LearningRate,
        ["weightDecay"] = WeightDecay,
        ["loss"] = EffectiveLoss.ToString(),
        ["scoring"] = EffectiveScoring.ToString(),
        ["negatives"] = EffectiveScoring is KgeScoring.Negatives or KgeScoring.Shared ? Negatives : null,
        ["margin"] = EffectiveLoss is KgeLoss.Margin or KgeLoss.Triplet or KgeLoss.SelfAdversarial ? EffectiveMargin : null,
        ["adversarialTemperature"] = EffectiveLoss == KgeLoss.SelfAdversarial ? AdversarialTemperature : null,
        ["n3"] = N3,
        ["embeddingDropout"] = Model is KgeModelKind.DistMult or KgeModelKind.TransEStar ? EmbeddingDropout : null,
        ["norm"] = Model == KgeModelKind.TransE ? Norm : null,
        ["labelSmoothing"] = EffectiveLoss == KgeLoss.Bce && EffectiveScoring == KgeScoring.OneToN ? LabelSmoothing : null,
        ["dropout"] = Model == KgeModelKind.ConvE ? Dropout : null,
        ["convEHeight"] = Model == KgeModelKind.ConvE ? ConvEHeight : null,
        ["lrDecay"] = LrDecay,
        ["lrPatience"] = LrDecay < 1 ? LrPatience : null,
        ["distinctQueries"] = DistinctQueries,
        ["distinctWeight"] = DistinctQueries && EffectiveLoss == KgeLoss.Softmax ? DistinctWeight.ToString() : null,
        ["weightAverageDecay"] = WeightAverageDecay > 0 ? WeightAverageDecay : null,
        ["lrSchedule"] = CosineSchedule ? "cosine" : (LrDecay < 1 ? "decay on plateau" : "constant"),
        ["lrFinalFactor"] = CosineSchedule ? CosineFinalFactor : null,
        ["subsamplingWeights"] = EffectiveLoss == KgeLoss.SelfAdversarial ? SubsamplingWeights : null,
        ["initRange"] = InitRange,
        ["unitBall"] = Model == KgeModelKind.TransE ? UnitBall : null,
        ["matmulPrecision"] = EffectiveScoring == KgeScoring.OneToN || Model == KgeModelKind.ConvE ? MatmulPrecision.ToString() : null,
        ["evalEvery"] = EvalEvery,
        ["patience"] = Patience,
        ["validSample"] = ValidSample,
        ["optimizer"] = "Adam",
        ["reciprocalRelations"] = true,
    };
}
