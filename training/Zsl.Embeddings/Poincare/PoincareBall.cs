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
        // Scalars held in using variables: an implicit conversion's Scalar can be finalized during the native call.
        using var zero = 0.0.ToScalar();
        using var one = 1.0.ToScalar();
        using var two = 2.0.ToScalar();
        using var rim = (1 - Epsilon).ToScalar();
        using var floor = (1 + 1e-7).ToScalar();
        var squaredU = (u * u).sum(-1).clamp(zero, rim);
        var squaredV = (v * v).sum(-1).clamp(zero, rim);
        var difference = u - v;
        var squaredDiff = (difference * difference).sum(-1);
        var x = squaredDiff.mul(two).div(squaredU.neg().add(one).mul(squaredV.neg().add(one))).add(one);
        // arcosh(x) = log(x + sqrt(x² − 1)); clamp keeps the gradient finite at u = v.
        x = x.clamp_min(floor);
        return (x + (x * x).sub(one).sqrt()).log();
    }

    /// <summary>
    /// One Riemannian SGD step: θ ← proj(θ − η (1 − ‖θ‖²)² / 4 ∇_E), the Euclidean gradient rescaled by the inverse
    /// of the Poincaré metric tensor, then rows pushed back inside the ball.
    /// </summary>
    public static void RiemannianStep(Tensor weights, Tensor gradient, double learningRate)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var one = 1.0.ToScalar();
        using var factor = (learningRate / 4).ToScalar();
        var squared = (weights * weights).sum(-1, true);
        var scale = squared.neg().add(one).square().mul(factor);
        weights.sub_(gradient * scale);
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
        using var one = 1.0.ToScalar();
        var gradient = zeros(unique.shape[0], weights.shape[1], dtype: weights.dtype).index_add_(0, inverse!, rowGradients, one);
        var touched = weights.index_select(0, unique);
        using var factor = (learningRate / 4).ToScalar();
        var squared = (touched * touched).sum(-1, true);
        var scale = squared.neg().add(one).square().mul(factor);
        touched.sub_(gradient * scale);
        Project(touched);
        weights.index_copy_(0, unique, touched);
    }

    /// <summary>Rows with norm ≥ 1 − ε are rescaled to norm 1 − ε.</summary>
    public static void Project(Tensor weights)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var rim = (1 - Epsilon).ToScalar();
        using var one = 1.0.ToScalar();
        var norms = weights.norm(1, true, 2);
        var factor = norms.reciprocal().mul(rim).clamp_max(one);
        weights.mul_(factor);
    }
}
