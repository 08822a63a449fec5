using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace Zsl.Embeddings.Kge;

/// <summary>
/// Pairwise L1 distances D[i, j] = Σ_k |q[i, k] − e[j, k]| of two float32 CPU matrices, with its gradient
/// (∂D[i, j]/∂q[i] = sign(q[i] − e[j]), sign(0) = 0, as torch.cdist with p = 1): TransE's scores against shared
/// negatives and against every entity. torch.cdist's forward and backward of a 512 × 1,024 × 200 batch were most of
/// a TransE step; this runs vectorised, blocked so that a block of e stays in cache, on the torch thread count
/// (2.2 × on a training batch, 4.8 × on an evaluation batch: tools/bench/kge-kernels.sh). Rows of q are split into fixed contiguous chunks; the gradient of e is summed per chunk and
/// the chunks added in order, so the result depends on the thread count only through that fixed split.
/// </summary>
public sealed class L1Distance : autograd.SingleTensorFunction<L1Distance>
{
    public override string Name => "L1Distance";

    private const int Block = 64;

    /// <summary>D = cdist(q, e, 1) for q [B, d] and e [K, d] → [B, K], differentiable in both.</summary>
    public static Tensor Compute(Tensor q, Tensor e)
    {
        if (q.dtype != ScalarType.Float32 || e.dtype != ScalarType.Float32 || q.device_type != DeviceType.CPU
            || e.device_type != DeviceType.CPU || q.dim() != 2 || e.dim() != 2 || q.shape[1] != e.shape[1])
            return cdist(q, e, 1);
        return apply(q, e);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var q = ((Tensor)vars[0]).detach().contiguous();
        var e = ((Tensor)vars[1]).detach().contiguous();
        ctx.save_for_backward([q, e]);
        var distances = empty(q.shape[0], e.shape[0], dtype: ScalarType.Float32);
        Forward(q, e, distances);
        return distances;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        var (q, e) = (saved[0], saved[1]);
        var gradQ = zeros_like(q);
        var gradE = zeros_like(e);
        Backward(q, e, grad_output.contiguous(), gradQ, gradE);
        return [gradQ, gradE];
    }

    private static int Chunks(long rows) => (int)Math.Clamp(rows / 8, 1, Math.Max(1, get_num_threads()));

    private static unsafe void Forward(Tensor q, Tensor e, Tensor distances)
    {
        var (rows, columns, d) = ((int)q.shape[0], (int)e.shape[0], (int)q.shape[1]);
        if (rows == 0 || columns == 0) return;
        fixed (byte* qb = q.bytes, eb = e.bytes, db = distances.bytes)
        {
            var (qp, ep, dp) = ((nint)qb, (nint)eb, (nint)db);
            var chunks = Chunks(rows);
            var chunk = (rows + chunks - 1) / chunks;
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
            {
                float* qf = (float*)qp, ef = (float*)ep, df = (float*)dp;
                var (start, end) = (c * chunk, Math.Min(rows, (c + 1) * chunk));
                for (var j0 = 0; j0 < columns; j0 += Block)
                {
                    var j1 = Math.Min(columns, j0 + Block);
                    for (var i = start; i < end; i++)
                    {
                        var qi = qf + (long)i * d;
                        for (var j = j0; j < j1; j++) df[(long)i * columns + j] = Distance(qi, ef + (long)j * d, d);
                    }
                }
            });
        }
    }

    private static unsafe float Distance(float* a, float* b, int d)
    {
        var k = 0;
        var sum = 0f;
        if (Vector.IsHardwareAccelerated && d >= Vector<float>.Count)
        {
            var acc = Vector<float>.Zero;
            for (; k + Vector<float>.Count <= d; k += Vector<float>.Count)
                acc += Vector.Abs(Vector.Load(a + k) - Vector.Load(b + k));
            sum = Vector.Sum(acc);
        }
        for (; k < d; k++) sum += MathF.Abs(a[k] - b[k]);
        return sum;
    }

    private static unsafe void Backward(Tensor q, Tensor e, Tensor grad, Tensor gradQ, Tensor gradE)
    {
        var (rows, columns, d) = ((int)q.shape[0], (int)e.shape[0], (int)q.shape[1]);
        if (rows == 0 || columns == 0) return;
        var chunks = Chunks(rows);
        var chunk = (rows + chunks - 1) / chunks;
        // chunk 0 accumulates into gradE itself, the others into buffers added in chunk order afterwards
        var partials = new float[chunks - 1][];
        for (var c = 1; c < chunks; c++) partials[c - 1] = new float[(long)columns * d];
        fixed (byte* qb = q.bytes, eb = e.bytes, gb = grad.bytes, gqb = gradQ.bytes, geb = gradE.bytes)
        {
            var (qp, ep, gp, gqp, gep) = ((nint)qb, (nint)eb, (nint)gb, (nint)gqb, (nint)geb);
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
            {
                fixed (float* partial = c == 0 ? null : partials[c - 1])
                {
                    float* qf = (float*)qp, ef = (float*)ep, gf = (float*)gp, gqf = (float*)gqp;
                    var ge = c == 0 ? (float*)gep : partial;
                    var (start, end) = (c * chunk, Math.Min(rows, (c + 1) * chunk));
                    for (var j0 = 0; j0 < columns; j0 += Block)
                    {
                        var j1 = Math.Min(columns, j0 + Block);
                        for (var i = start; i < end; i++)
                        {
                            float* qi = qf + (long)i * d, gqi = gqf + (long)i * d;
                            for (var j = j0; j < j1; j++)
                            {
                                var g = gf[(long)i * columns + j];
                                if (g != 0) Accumulate(qi, ef + (long)j * d, g, gqi, ge + (long)j * d, d);
                            }
                        }
                    }
                }
            });
            var total = (float*)gep;
            var length = (long)columns * d;
            foreach (var partial in partials)
                for (long k = 0; k < length; k++) total[k] += partial[k];
        }
    }

    /// <summary>s = sign(a − b) (0 where equal); gradA += g·s, gradB −= g·s.</summary>
    private static unsafe void Accumulate(float* a, float* b, float g, float* gradA, float* gradB, int d)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated && d >= Vector<float>.Count)
        {
            var plus = new Vector<float>(g);
            var minus = new Vector<float>(-g);
            for (; k + Vector<float>.Count <= d; k += Vector<float>.Count)
            {
                var difference = Vector.Load(a + k) - Vector.Load(b + k);
                // g where a > b, −g where a < b, 0 where equal
                var step = Vector.ConditionalSelect(Vector.GreaterThan(difference, Vector<float>.Zero), plus, Vector<float>.Zero)
                           + Vector.ConditionalSelect(Vector.LessThan(difference, Vector<float>.Zero), minus, Vector<float>.Zero);
                (Vector.Load(gradA + k) + step).Store(gradA + k);
                (Vector.Load(gradB + k) - step).Store(gradB + k);
            }
        }
        for (; k < d; k++)
        {
            var difference = a[k] - b[k];
            var step = difference > 0 ? g : difference < 0 ? -g : 0f;
            gradA[k] += step;
            gradB[k] -= step;
        }
    }
}
