using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Zsl.Embeddings.Kge;

/// <summary>
/// Precision of the large matrix products while training: the 1-N products with the entity table and ConvE's fully
/// connected layer (evaluation always uses float32).
/// </summary>
public enum MatmulPrecision
{
    Float32,
    /// <summary>bfloat16 operands, float32 accumulation (AVX512-BF16): about 3× faster products, 8-bit mantissas.</summary>
    BFloat16,
}

/// <summary>
/// The gradient of a 1-N loss (softmax cross-entropy, or BCE with label smoothing over every entity) for models whose
/// scores are S = q · Eᵀ + b, with the [B, entityCount] part done by hand instead of by autograd: S is computed once,
/// overwritten in place by ∂L/∂S (softmax − one-hot, or σ(S) − labels, never a dense label matrix), and multiplied
/// back into ∂L/∂q = G·E, ∂L/∂E = Gᵀ·q, ∂L/∂b = Σ_rows G; autograd then carries ∂L/∂q through the query network.
/// Autograd over the same loss allocates five or six [B, entityCount] tensors per batch, this two; the result is the
/// same gradient up to float rounding (a CI test compares them).
/// </summary>
public static class OneToNStep
{
    /// <summary>
    /// Accumulates the gradient of the mean 1-N loss of a batch of queries (heads[i], relations[i]) into the model's
    /// parameters and returns the loss. Softmax: the target is tails[i]; BCE: every true training tail of the query.
    /// </summary>
    public static double Backward(KgeModel model, KnowledgeGraph graph, Tensor heads, Tensor relations, long[] tails,
        KgeOptions options)
    {
        var query = model.QueryVectors(heads, relations)
                    ?? throw new NotSupportedException($"{model.GetType().Name} has no query vectors for 1-N scoring");
        var entities = model.EntityWeights;
        var bias = model.ObjectBias;
        var half = options.MatmulPrecision == MatmulPrecision.BFloat16;
        Tensor dq, dE;
        Tensor? db = null;
        double loss;
        using (no_grad())
        {
            var q = query.detach();
            var e = half ? entities.to_type(ScalarType.BFloat16) : entities;
            var qq = half ? q.to_type(ScalarType.BFloat16) : q;
            Tensor scores;
            if (half)
            {
                // bfloat16 + float32 promotes to float32: conversion and bias in one pass
                var products = qq.mm(e.t());
                scores = bias is null ? products.to_type(ScalarType.Float32) : products.add(bias);
            }
            else scores = bias is null ? q.mm(e.t()) : addmm(bias, q, e.t(), 1, 1);
            // g = ∂L/∂S times the number of rows (softmax) or of rows × entities (BCE): the 1/rows scale is applied to
            // the three small products instead of the [B, entityCount] matrix
            double scale;
            Tensor g;
            if (options.EffectiveLoss == KgeLoss.Softmax && options.DistinctQueries)
            {
                double weight;
                (loss, g, weight) = MultiLabelSoftmaxGradient(scores, graph, heads, relations, options.DistinctWeight);
                scale = 1.0 / weight;
            }
            else if (options.EffectiveLoss == KgeLoss.Softmax)
            {
                (loss, g) = SoftmaxGradient(scores, tails);
                scale = 1.0 / scores.shape[0];
            }
            else
            {
                loss = BceGradientInPlace(scores, graph, heads, relations, options.LabelSmoothing);
                g = scores;
                scale = 1.0 / (scores.shape[0] * (double)scores.shape[1]);
            }
            using var scaleScalar = scale.ToScalar();
            var gg = half ? g.to_type(ScalarType.BFloat16) : g;
            dq = gg.mm(e);
            dE = gg.t().mm(qq);
            if (half) (dq, dE) = (dq.to_type(ScalarType.Float32), dE.to_type(ScalarType.Float32));
            dq.mul_(scaleScalar);
            dE.mul_(scaleScalar);
            if (bias is not null) db = g.sum(0, false).mul_(scaleScalar);
        }
        // a leaf in the list gets its gradient accumulated as is: E and b collect the 1-N part, q carries the rest
        var outputs = new List<Tensor> { query, entities };
        var grads = new List<Tensor> { dq, dE };
        if (bias is not null) { outputs.Add(bias); grads.Add(db!); }
        autograd.backward(outputs, grads);
        return loss;
    }

    /// <summary>
    /// Softmax cross-entropy of each row against its target: the mean loss and rows × ∂(mean loss)/∂scores =
    /// softmax − one-hot, in a new matrix (log-softmax is one fused kernel instead of logsumexp, subtract and exp
    /// as separate passes over the [B, entityCount] matrix).
    /// </summary>
    internal static (double Loss, Tensor Gradient) SoftmaxGradient(Tensor scores, long[] tails)
    {
        var rows = scores.shape[0];
        var target = tensor(tails).unsqueeze(1);
        var logProbabilities = F.log_softmax(scores, 1);
        var loss = -logProbabilities.gather(1, target).mean().item<float>();
        // explicit Scalars alive to the end of the method (see CandidateLoss in KgeTrainer)
        using var minusOne = (-1f).ToScalar();
        var gradient = logProbabilities.exp_();
        gradient.scatter_add_(1, target, full(rows, 1, minusOne));
        return (loss, gradient);
    }

    /// <summary>
    /// Softmax cross-entropy over distinct queries, T the true training tails of a row's query. <see cref="DistinctQueryWeight.Query"/>:
    /// each row against the uniform distribution over T, loss −(1/|T|) Σ_{t ∈ T} log p_t, mean over the W = rows; the
    /// gradient matrix is W · ∂(mean loss)/∂scores = softmax − 1_T/|T|. <see cref="DistinctQueryWeight.Fact"/>: the sum of
    /// the per-fact losses −Σ_{t ∈ T} log p_t, mean over the W = Σ|T| facts of the batch; the gradient matrix is
    /// W · ∂(mean loss)/∂scores = |T| · softmax − 1_T. Returns the loss, the gradient matrix and W.
    /// </summary>
    internal static (double Loss, Tensor Gradient, double Weight) MultiLabelSoftmaxGradient(Tensor scores, KnowledgeGraph graph,
        Tensor heads, Tensor relations, DistinctQueryWeight weighting = DistinctQueryWeight.Query)
    {
        var n = scores.shape[1];
        var (positions, rowTailCounts) = TrueTailPositions(graph, heads, relations, n);
        var perFact = weighting == DistinctQueryWeight.Fact;
        // one weighted sum for both: each true tail weighs 1 (fact) or 1/|T| (query), a row's softmax the sum of its
        // tails' weights, |T| or 1
        var tailWeight = tensor(positions.Select(p => perFact ? 1f : 1f / rowTailCounts[p / n]).ToArray());
        var total = perFact ? positions.Length : (double)scores.shape[0];
        var index = tensor(positions);
        var logProbabilities = F.log_softmax(scores, 1);
        var loss = -(logProbabilities.view(-1).index_select(0, index) * tailWeight).sum().item<float>() / total;
        using var minusOne = (-1.0).ToScalar();
        var gradient = logProbabilities.exp_();
        if (perFact) gradient.mul_(tensor(rowTailCounts).unsqueeze(1));
        gradient.view(-1).index_add_(0, index, tailWeight, minusOne);
        return (loss, gradient, total);
    }

    /// <summary>
    /// The flat positions i·n + t in a [rows, n] score matrix of every true training tail t of each query
    /// (heads[i], relations[i]), and the number of true tails of each row's query.
    /// </summary>
    private static (long[] Positions, float[] RowTailCounts) TrueTailPositions(KnowledgeGraph graph, Tensor heads, Tensor relations, long n)
    {
        var h = heads.data<long>().ToArray();
        var r = relations.data<long>().ToArray();
        var positions = new List<long>();
        var rowTailCounts = new float[h.Length];
        for (var i = 0; i < h.Length; i++)
        {
            var tails = graph.TrainTails[((int)h[i], (int)r[i])];
            rowTailCounts[i] = tails.Length;
            foreach (var t in tails) positions.Add(i * n + t);
        }
        return (positions.ToArray(), rowTailCounts);
    }

    /// <summary>
    /// Binary cross-entropy (Dettmers et al.) of each row against labels 1 − ε + ε/N at the query's true training
    /// tails and ε/N elsewhere, mean over rows × entities; the scores become B·N · ∂(mean loss)/∂scores = σ(S) − labels.
    /// </summary>
    internal static double BceGradientInPlace(Tensor scores, KnowledgeGraph graph, Tensor heads, Tensor relations, double smoothing)
    {
        var rows = scores.shape[0];
        var n = scores.shape[1];
        var negative = smoothing / n;
        var positive = 1 - smoothing + negative;
        var (positions, _) = TrueTailPositions(graph, heads, relations, n);
        var flat = scores.view(-1);
        var index = tensor(positions);
        // Σ BCE = Σ softplus(S) − Σ labels · S
        var sum = F.softplus(scores).sum().item<float>() - negative * scores.sum().item<float>()
                  - (positive - negative) * flat.index_select(0, index).sum().item<float>();
        var loss = sum / (rows * (double)n);
        using var negativeLabel = negative.ToScalar();
        using var positiveExcess = (-(positive - negative)).ToScalar();
        using var one = 1.0.ToScalar();
        scores.sigmoid_().sub_(negativeLabel);
        flat.index_add_(0, index, full(positions.Length, positiveExcess), one);
        return loss;
    }

    private static int _memoryTuned;

    /// <summary>
    /// glibc hands blocks over 32 MB out with mmap and returns them to the system when freed, so every [B, N] score
    /// matrix of 1-N training (84 MB at B = 512 on WN18RR) is page-faulted in afresh, which cost as much as the
    /// arithmetic on it. Keeping freed memory in the heap lets the next batch reuse it. No effect on results.
    /// </summary>
    public static void KeepFreedMemoryForReuse()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _memoryTuned, 1) == 1) return;
        try
        {
            const int trimThreshold = -1, mmapMax = -4;
            Mallopt(mmapMax, 0);
            Mallopt(trimThreshold, int.MaxValue);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException) { }
    }

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
