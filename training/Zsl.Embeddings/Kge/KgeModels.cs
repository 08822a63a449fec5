using Zsl.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Zsl.Embeddings.Kge;

/// <summary>The scoring functions of thesis table 4.3.</summary>
public enum KgeModelKind
{
    /// <summary>ψ = −‖e_s + r_p − e_o‖ (L1 or L2), margin loss.</summary>
    TransE,
    /// <summary>The thesis's variant: ψ = σ(⟨e_s + r_p, e_o⟩), triplet margin loss.</summary>
    TransEStar,
    /// <summary>ψ = ⟨e_s, r_p, e_o⟩ (trilinear dot), ranking loss.</summary>
    DistMult,
    /// <summary>ψ = f(vec(f([e_s; r_p] ∗ w)) W) e_o, binary cross-entropy over all objects (1-N).</summary>
    ConvE,
}

/// <summary>
/// A knowledge-graph embedding model: entity and relation tables (relations include reciprocals) and a score of
/// (subject, relation, object). Scores are "higher is more plausible"; for TransE* the ranking score is the logit
/// ⟨e_s + r_p, e_o⟩ (σ is monotone, and ranking on logits avoids ties where σ saturates in float32).
/// </summary>
public abstract class KgeModel : nn.Module
{
    protected readonly Embedding entities;
    protected readonly Embedding relations;

    protected KgeModel(string name, int entityCount, int relationCount, int dimension) : base(name)
    {
        entities = nn.Embedding(entityCount, dimension);
        relations = nn.Embedding(relationCount, dimension);
        using (no_grad())
        {
            nn.init.xavier_normal_(entities.weight!);
            nn.init.xavier_normal_(relations.weight!);
        }
    }

    public Tensor EntityWeights => entities.weight!;

    /// <summary>Dropout on the subject and relation embeddings of a query while training (DistMult, TransE*).</summary>
    public double EmbeddingDropout { get; init; }

    /// <summary>The subject and relation embeddings of queries, with <see cref="EmbeddingDropout"/> while training.</summary>
    protected (Tensor Subject, Tensor Relation) QueryEmbeddings(Tensor heads, Tensor relationIds)
    {
        var subject = entities.forward(heads);
        var relation = relations.forward(relationIds);
        if (!training || EmbeddingDropout <= 0) return (subject, relation);
        return (nn.functional.dropout(subject, EmbeddingDropout, true), nn.functional.dropout(relation, EmbeddingDropout, true));
    }

    /// <summary>Scores of each query (heads[i], relations[i]) against its candidate objects candidates[i, :] → [B, K].</summary>
    public abstract Tensor ScoreCandidates(Tensor heads, Tensor relationIds, Tensor candidates);

    /// <summary>Scores of each query against the same set of objects (rows of the entity table) → [B, K].</summary>
    public abstract Tensor ScoreAgainst(Tensor heads, Tensor relationIds, Tensor objects);

    /// <summary>Scores of each query against every entity → [B, entityCount] (1-N scoring).</summary>
    public virtual Tensor ScoreAll(Tensor heads, Tensor relationIds) => ScoreAgainst(heads, relationIds, entities.weight!);

    /// <summary>
    /// For models whose 1-N scores are a product with the entity table, ScoreAll = q · Eᵀ (+ <see cref="ObjectBias"/>):
    /// the query vectors q → [B, d] (with dropout while training); null for the others (TransE). The 1-N trainer
    /// then does the [B, entityCount] part of the step by hand (<see cref="OneToNStep"/>).
    /// </summary>
    public virtual Tensor? QueryVectors(Tensor heads, Tensor relationIds) => null;

    /// <summary>Whether <see cref="QueryVectors"/> is implemented.</summary>
    public virtual bool HasQueryVectors => false;

    /// <summary>A score added per object (ConvE's bias) → [entityCount], or null.</summary>
    public virtual Tensor? ObjectBias => null;

    /// <summary>Scores against a shared sample of entities → [B, K] (shared negatives).</summary>
    public Tensor ScoreShared(Tensor heads, Tensor relationIds, Tensor entityIds) => ScoreAgainst(heads, relationIds, entities.forward(entityIds));

    /// <summary>
    /// The weighted N3 penalty of Lacroix et al. (2018) on the embeddings a batch uses: mean over the batch of
    /// Σ |e_s|³ + |r_p|³ + |e_o|³ (DistMult/TransE*: the factors of the trilinear product).
    /// </summary>
    public Tensor N3(Tensor heads, Tensor relationIds, Tensor tails) =>
        (entities.forward(heads).abs().pow(Scalars.Of(3)).sum() + relations.forward(relationIds).abs().pow(Scalars.Of(3)).sum()
         + entities.forward(tails).abs().pow(Scalars.Of(3)).sum()).div(Scalars.Of(heads.shape[0]));

    /// <summary>Called after each optimiser step (TransE keeps entities in the unit ball).</summary>
    public virtual void AfterStep() { }

    public static KgeModel Create(KgeModelKind kind, int entityCount, int relationCount, int dimension, KgeOptions options) => kind switch
    {
        KgeModelKind.TransE => new TransE(entityCount, relationCount, dimension, options.Norm, options.InitRange, options.UnitBall),
        KgeModelKind.TransEStar => new TransEStar(entityCount, relationCount, dimension) { EmbeddingDropout = options.EmbeddingDropout },
        KgeModelKind.DistMult => new DistMult(entityCount, relationCount, dimension) { EmbeddingDropout = options.EmbeddingDropout },
        KgeModelKind.ConvE => new ConvE(entityCount, relationCount, dimension, options.ConvEHeight, options.Dropout) { TrainingPrecision = options.MatmulPrecision },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

public sealed class TransE : KgeModel
{
    private readonly int _norm;
    private readonly bool _unitBall;

    /// <param name="initRange">uniform initialisation in [−R, R] (null: Xavier normal)</param>
    /// <param name="unitBall">renormalise entity vectors into the unit ball after each step</param>
    public TransE(int entityCount, int relationCount, int dimension, int norm, double? initRange = null, bool unitBall = true)
        : base(nameof(TransE), entityCount, relationCount, dimension)
    {
        if (norm is not (1 or 2)) throw new ArgumentException($"TransE norm must be 1 or 2, not {norm}");
        _norm = norm;
        _unitBall = unitBall;
        if (initRange is { } range)
            using (no_grad())
            {
                nn.init.uniform_(entities.weight!, -range, range);
                nn.init.uniform_(relations.weight!, -range, range);
            }
        RegisterComponents();
    }

    public override Tensor ScoreCandidates(Tensor heads, Tensor relationIds, Tensor candidates)
    {
        var query = entities.forward(heads) + relations.forward(relationIds);
        return -(query.unsqueeze(1) - entities.forward(candidates)).norm(-1, false, _norm);
    }

    public override Tensor ScoreAgainst(Tensor heads, Tensor relationIds, Tensor objects)
    {
        var query = entities.forward(heads) + relations.forward(relationIds);
        if (_norm == 1) return -L1Distance.Compute(query, objects);
        // ‖q − e‖² = ‖q‖² + ‖e‖² − 2⟨q, e⟩: one matrix product instead of a [B, K, d] difference.
        using var two = 2.0.ToScalar();
        using var tiny = 1e-12.ToScalar();
        var squared = (query * query).sum(-1, true) + (objects * objects).sum(-1).unsqueeze(0) - query.matmul(objects.t()).mul(two);
        return -squared.clamp_min(tiny).sqrt();
    }

    public override void AfterStep()
    {
        if (!_unitBall) return;
        using var _ = no_grad();
        var weight = entities.weight!;
        using var one = 1.0.ToScalar();
        var norms = weight.norm(1, true, 2).clamp_min(one);
        weight.div_(norms);
    }
}

public sealed class TransEStar : KgeModel
{
    public TransEStar(int entityCount, int relationCount, int dimension) : base(nameof(TransEStar), entityCount, relationCount, dimension)
        => RegisterComponents();

    public override Tensor ScoreCandidates(Tensor heads, Tensor relationIds, Tensor candidates)
    {
        var (subject, relation) = QueryEmbeddings(heads, relationIds);
        return ((subject + relation).unsqueeze(1) * entities.forward(candidates)).sum(-1);
    }

    public override Tensor ScoreAgainst(Tensor heads, Tensor relationIds, Tensor objects)
    {
        var (subject, relation) = QueryEmbeddings(heads, relationIds);
        return (subject + relation).matmul(objects.t());
    }

    public override bool HasQueryVectors => true;

    public override Tensor QueryVectors(Tensor heads, Tensor relationIds)
    {
        var (subject, relation) = QueryEmbeddings(heads, relationIds);
        return subject + relation;
    }
}

public sealed class DistMult : KgeModel
{
    public DistMult(int entityCount, int relationCount, int dimension) : base(nameof(DistMult), entityCount, relationCount, dimension)
        => RegisterComponents();

    public override Tensor ScoreCandidates(Tensor heads, Tensor relationIds, Tensor candidates)
    {
        var (subject, relation) = QueryEmbeddings(heads, relationIds);
        return ((subject * relation).unsqueeze(1) * entities.forward(candidates)).sum(-1);
    }

    public override Tensor ScoreAgainst(Tensor heads, Tensor relationIds, Tensor objects)
    {
        var (subject, relation) = QueryEmbeddings(heads, relationIds);
        return (subject * relation).matmul(objects.t());
    }

    public override bool HasQueryVectors => true;

    public override Tensor QueryVectors(Tensor heads, Tensor relationIds)
    {
        var (subject, relation) = QueryEmbeddings(heads, relationIds);
        return subject * relation;
    }
}

/// <summary>
/// ConvE (Dettmers et al. 2018): subject and relation vectors reshaped to h×w images, stacked, batch-normalised,
/// 3×3 convolution with 32 filters, ReLU, a linear projection back to d, ReLU, dot product with every object plus
/// an object bias. Dropout on the input, the feature maps and the hidden layer.
/// </summary>
public sealed class ConvE : KgeModel
{
    private readonly int _height;
    private readonly int _width;
    private readonly BatchNorm2d bn0;
    private readonly BatchNorm2d bn1;
    private readonly BatchNorm1d bn2;
    private readonly Conv2d conv;
    private readonly Linear fc;
    private readonly Dropout inputDropout;
    private readonly Dropout2d featureDropout;
    private readonly Dropout hiddenDropout;
    private readonly Parameter bias;

    public ConvE(int entityCount, int relationCount, int dimension, int height, double dropout)
        : base(nameof(ConvE), entityCount, relationCount, dimension)
    {
        if (height <= 0 || dimension % height != 0 || height < 2 || dimension / height < 3)
            throw new ArgumentException($"ConvE needs the dimension ({dimension}) to be height ({height}) × width with width ≥ 3");
        _height = height;
        _width = dimension / height;
        bn0 = nn.BatchNorm2d(1);
        bn1 = nn.BatchNorm2d(32);
        bn2 = nn.BatchNorm1d(dimension);
        conv = nn.Conv2d(1, 32, 3);
        fc = nn.Linear(32 * (2 * _height - 2) * (_width - 2), dimension);
        inputDropout = nn.Dropout(dropout);
        featureDropout = nn.Dropout2d(dropout);
        hiddenDropout = nn.Dropout(Math.Min(0.5, dropout * 1.5));
        bias = new Parameter(zeros(entityCount));
        RegisterComponents();
    }

    /// <summary>bfloat16: the fully connected layer multiplies in bfloat16 while training (weights stay float32).</summary>
    public MatmulPrecision TrainingPrecision { get; init; }

    private Tensor Query(Tensor heads, Tensor relationIds)
    {
        var batch = heads.shape[0];
        var subject = entities.forward(heads).view(batch, 1, _height, _width);
        var relation = relations.forward(relationIds).view(batch, 1, _height, _width);
        var x = cat([subject, relation], 2);
        x = inputDropout.forward(bn0.forward(x));
        x = featureDropout.forward(nn.functional.relu(bn1.forward(conv.forward(x))));
        x = x.view(batch, -1);
        x = training && TrainingPrecision == MatmulPrecision.BFloat16
            ? nn.functional.linear(x.to_type(ScalarType.BFloat16), fc.weight!.to_type(ScalarType.BFloat16), fc.bias!.to_type(ScalarType.BFloat16)).to_type(ScalarType.Float32)
            : fc.forward(x);
        x = hiddenDropout.forward(x);
        return nn.functional.relu(bn2.forward(x));
    }

    public override Tensor ScoreCandidates(Tensor heads, Tensor relationIds, Tensor candidates)
        => (Query(heads, relationIds).unsqueeze(1) * entities.forward(candidates)).sum(-1) + bias.index_select(0, candidates.flatten()).view_as(candidates);

    public override Tensor ScoreAgainst(Tensor heads, Tensor relationIds, Tensor objects)
        => throw new NotSupportedException("ConvE scores all objects (1-N) or per-fact candidates, not a shared sample");

    public override Tensor ScoreAll(Tensor heads, Tensor relationIds)
        => addmm(bias, Query(heads, relationIds), entities.weight!.t(), 1, 1);

    public override bool HasQueryVectors => true;

    public override Tensor QueryVectors(Tensor heads, Tensor relationIds) => Query(heads, relationIds);

    public override Tensor ObjectBias => bias;
}
