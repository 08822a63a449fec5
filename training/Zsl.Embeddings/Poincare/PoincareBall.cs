using TorchSharp;
using static TorchSharp.torch;

namespace Zsl.Embeddings.Poincare;

/// <summary>The Poincaré ball model: distance (thesis eq. 4.5), Riemannian gradient and projection.</summary>
public static class PoincareBall
{
    /// <summary>Points are kept at norm ≤ 1 − ε.</summary>
    public const double Epsilon = 1e-5;

    /// <summary>d(u, v) = arcosh(1 + 2‖u − v‖² / ((1 − ‖u‖²)(1 − ‖v‖²))) along the last dimension (broadcasting).</summary>
    public static Tensor Distance(Tensor u, Tensor v)
    {
        var squaredU = (u * u).sum(-1).clamp(0, 1 - Epsilon);
        var squaredV = (v * v).sum(-1).clamp(0, 1 - Epsilon);
        var squaredDiff = ((u - v) * (u - v)).sum(-1);
        var x = 1 + 2 * squaredDiff / ((1 - squaredU) * (1 - squaredV));
        // arcosh(x) = log(x + sqrt(x² − 1)); clamp keeps the gradient finite at u = v.
        x = x.clamp_min(1 + 1e-7);
        return (x + (x * x - 1).sqrt()).log();
    }

    /// <summary>
    /// One Riemannian SGD step: θ ← proj(θ − η (1 − ‖θ‖²)² / 4 ∇_E), the Euclidean gradient rescaled by the inverse
    /// of the Poincaré metric tensor, then rows pushed back inside the ball.
    /// </summary>
    public static void RiemannianStep(Tensor weights, Tensor gradient, double learningRate)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var squared = (weights * weights).sum(-1, true);
        var scale = (1 - squared).pow(2) / 4;
        weights.sub_(gradient * scale * learningRate);
        Project(weights);
    }

    /// <summary>
    /// The same step applied only to the rows a batch touched: <paramref name="rowGradients"/>[i] is the gradient of
    /// row <paramref name="rows"/>[i] (ids may repeat: their gradients are summed first, as a dense gradient would).
    /// Rows not in the batch have a zero gradient and already lie in the ball, so the result equals the dense step.
    /// </summary>
    public static void SparseRiemannianStep(Tensor weights, Tensor rows, Tensor rowGradients, double learningRate)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (unique, inverse, _) = TorchSharp.torch.unique(rows, sorted: true, return_inverse: true);
        using var one = 1.ToScalar();
        var gradient = zeros(unique.shape[0], weights.shape[1], dtype: weights.dtype).index_add_(0, inverse!, rowGradients, one);
        var touched = weights.index_select(0, unique);
        var squared = (touched * touched).sum(-1, true);
        var scale = (1 - squared).pow(2) / 4;
        touched.sub_(gradient * scale * learningRate);
        Project(touched);
        weights.index_copy_(0, unique, touched);
    }

    /// <summary>Rows with norm ≥ 1 − ε are rescaled to norm 1 − ε.</summary>
    public static void Project(Tensor weights)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var norms = weights.norm(1, true, 2);
        var factor = ((1 - Epsilon) / norms).clamp_max(1.0);
        weights.mul_(factor);
    }
}
