using static TorchSharp.torch;

namespace Zsl.RevNet.Layers;

/// <summary>Channel pooling P_c (eq. 3.29b): each 2×2 region stacked along channels, bs×c×h×w → bs×4c×h/2×w/2.</summary>
public sealed class ChannelPool : InvertibleModule
{
    public ChannelPool() : base(nameof(ChannelPool)) { }

    public override Tensor forward(Tensor x)
    {
        var (b, c, h, w) = Shape4(x);
        return x.reshape(b, c, h / 2, 2, w / 2, 2).permute(0, 1, 3, 5, 2, 4).reshape(b, 4 * c, h / 2, w / 2);
    }

    public override Tensor Inverse(Tensor y)
    {
        var (b, c4, h, w) = (y.shape[0], y.shape[1], y.shape[2], y.shape[3]);
        return y.reshape(b, c4 / 4, 2, 2, h, w).permute(0, 1, 4, 2, 5, 3).reshape(b, c4 / 4, 2 * h, 2 * w);
    }

    public override (Tensor X, Tensor GradX) Backward(Tensor y, Tensor gradY, GradientSink sink) => Reshuffle(this, y, gradY);

    /// <summary>Inverse of a pure permutation of elements, releasing each input as soon as its copy exists.</summary>
    internal static (Tensor, Tensor) Reshuffle(InvertibleModule pool, Tensor y, Tensor gradY)
    {
        using var _ = no_grad();
        var x = Copy(pool, y);
        var gx = Copy(pool, gradY);
        return (x, gx);
    }

    // The views of the reshuffle are disposed with their scope: a view left to the garbage collector would keep the
    // whole source tensor alive after its Dispose.
    private static Tensor Copy(InvertibleModule pool, Tensor source)
    {
        Tensor result;
        using (var scope = NewDisposeScope())
            result = pool.Inverse(source).contiguous().MoveToOuterDisposeScope();
        source.Dispose();
        return result;
    }

    internal static (long, long, long, long) Shape4(Tensor t)
    {
        if (t.dim() != 4) throw new ArgumentException($"expected a 4-d tensor, got shape [{string.Join(", ", t.shape)}]");
        if (t.shape[2] % 2 != 0 || t.shape[3] % 2 != 0)
            throw new ArgumentException($"2×2 invertible pooling needs even height and width, got {t.shape[2]}×{t.shape[3]}");
        return (t.shape[0], t.shape[1], t.shape[2], t.shape[3]);
    }
}

/// <summary>Batch pooling P_b (eq. 3.29d): each 2×2 region stacked along the batch, bs×c×h×w → 4bs×c×h/2×w/2.</summary>
public sealed class BatchPool : InvertibleModule
{
    public BatchPool() : base(nameof(BatchPool)) { }

    public override Tensor forward(Tensor x)
    {
        var (b, c, h, w) = ChannelPool.Shape4(x);
        return x.reshape(b, c, h / 2, 2, w / 2, 2).permute(3, 5, 0, 1, 2, 4).reshape(4 * b, c, h / 2, w / 2);
    }

    public override Tensor Inverse(Tensor y)
    {
        var (b4, c, h, w) = (y.shape[0], y.shape[1], y.shape[2], y.shape[3]);
        if (b4 % 4 != 0) throw new ArgumentException($"batch pooling inverse needs a batch divisible by 4, got {b4}");
        return y.reshape(2, 2, b4 / 4, c, h, w).permute(2, 3, 4, 0, 5, 1).reshape(b4 / 4, c, 2 * h, 2 * w);
    }

    public override (Tensor X, Tensor GradX) Backward(Tensor y, Tensor gradY, GradientSink sink) => ChannelPool.Reshuffle(this, y, gradY);
}
