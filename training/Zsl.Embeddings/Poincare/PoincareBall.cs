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
