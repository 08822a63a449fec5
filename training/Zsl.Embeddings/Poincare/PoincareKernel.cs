namespace Zsl.Embeddings.Poincare;

/// <summary>
/// The Poincaré training step in plain C#: the loss of eq. 4.6 with the analytic gradient of the distance (eq. 4.5)
/// and the sparse Riemannian SGD update. It computes exactly what <see cref="PoincareBall.Distance"/> +
/// cross-entropy + autograd + <see cref="PoincareBall.SparseRiemannianStep"/> compute (same clamps, same layout of
/// the row gradients; tests compare both on the same weights), without the per-operation overhead of libtorch calls,
/// which dominates for a dimension-10 model. Weights are a row-major n × d array of doubles.
/// </summary>
public static class PoincareKernel
{
    private const double Rim = 1 - PoincareBall.Epsilon;
    private const double Floor = 1 + 1e-7;

    public static double Distance(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        double squaredU = 0, squaredV = 0, squaredDiff = 0;
        for (var i = 0; i < u.Length; i++)
        {
            squaredU += u[i] * u[i];
            squaredV += v[i] * v[i];
            var diff = u[i] - v[i];
            squaredDiff += diff * diff;
        }
        var x = Math.Max(1 + 2 * squaredDiff / ((1 - Math.Min(squaredU, Rim)) * (1 - Math.Min(squaredV, Rim))), Floor);
        return Math.Log(x + Math.Sqrt(x * x - 1));
    }

    /// <summary>Scratch doubles <see cref="PairLossAndGradient"/> needs for <paramref name="candidates"/> candidates.</summary>
    public static int ScratchLength(int candidates) => 4 * candidates;

    /// <summary>
    /// Loss −log softmax(−d(u, c))₀ of one pair over its candidates c (c₀ the related node, then the negatives), with
    /// its gradient: ∂/∂u into <paramref name="gradU"/>, ∂/∂c_j into row j of <paramref name="gradCandidates"/>
    /// (both overwritten). <paramref name="scratch"/> holds <see cref="ScratchLength"/> doubles.
    /// </summary>
    public static double PairLossAndGradient(double[] weights, int dimension, int u, ReadOnlySpan<int> candidates,
        Span<double> gradU, Span<double> gradCandidates, Span<double> scratch)
    {
        var d = dimension;
        var m = candidates.Length;
        var uRow = weights.AsSpan(u * d, d);
        // exp(−d) = 1 / (x + sqrt(x² − 1)) for d = arcosh x: the softmax needs no exp/log per candidate
        var expNegative = scratch[..m];
        var xs = scratch.Slice(m, m);
        var squaredVs = scratch.Slice(2 * m, m);
        var squaredDiffs = scratch.Slice(3 * m, m);
        double squaredU = 0;
        for (var i = 0; i < d; i++) squaredU += uRow[i] * uRow[i];
        var alpha = 1 - Math.Min(squaredU, Rim);
        double sum = 0;
        for (var j = 0; j < m; j++)
        {
            var v = weights.AsSpan(candidates[j] * d, d);
            double squaredV = 0, squaredDiff = 0;
            for (var i = 0; i < d; i++)
            {
                squaredV += v[i] * v[i];
                var diff = uRow[i] - v[i];
                squaredDiff += diff * diff;
            }
            var x = Math.Max(1 + 2 * squaredDiff / (alpha * (1 - Math.Min(squaredV, Rim))), Floor);
            var root = Math.Sqrt(x * x - 1);
            xs[j] = x;
            squaredVs[j] = squaredV;
            squaredDiffs[j] = squaredDiff;
            expNegative[j] = 1 / (x + root);
            sum += expNegative[j];
        }
        var loss = Math.Log(sum / expNegative[0]);
        gradU.Clear();
        for (var j = 0; j < m; j++)
        {
            var gradV = gradCandidates.Slice(j * d, d);
            // ∂loss/∂d_j = [j = 0] − softmax(−d)_j; x = 1 + 2 S / (α β), α = 1 − ‖u‖², β = 1 − ‖v‖², S = ‖u − v‖²,
            // dd/dx = 1 / sqrt(x² − 1) (zero where x is clamped to the floor, as clamp_min's gradient)
            var weight = (j == 0 ? 1 : 0) - expNegative[j] / sum;
            var x = xs[j];
            if (x <= Floor) { gradV.Clear(); continue; }
            var squaredV = squaredVs[j];
            var beta = 1 - Math.Min(squaredV, Rim);
            var outer = weight / Math.Sqrt(x * x - 1);
            var common = 4 / (alpha * beta) * outer;
            var selfU = squaredU <= Rim ? 4 * squaredDiffs[j] / (alpha * alpha * beta) * outer : 0; // clamp of ‖u‖²
            var selfV = squaredV <= Rim ? 4 * squaredDiffs[j] / (alpha * beta * beta) * outer : 0;
            var v = weights.AsSpan(candidates[j] * d, d);
            for (var i = 0; i < d; i++)
            {
                var diff = uRow[i] - v[i];
                gradU[i] += common * diff + selfU * uRow[i];
                gradV[i] = -common * diff + selfV * v[i];
            }
        }
        return loss;
    }

    /// <summary>
    /// Summed loss of a batch and the gradient of every row it touches, in the layout of the torch step: the batch's
    /// ids are <paramref name="left"/> (count) followed by <paramref name="right"/> (count × (k + 1), each pair's related
    /// node then its k negatives), and <paramref name="rowGradients"/> holds one d-vector per id in that order.
    /// Pairs are independent, so they run in parallel; the result does not depend on the thread count.
    /// </summary>
    public static double BatchLossAndGradient(double[] weights, int dimension, ReadOnlySpan<int> left, ReadOnlySpan<int> right,
        double[] rowGradients, int threads = 1)
    {
        var count = left.Length;
        var width = right.Length / count;
        var d = dimension;
        var losses = new double[count];
        var leftArray = left.ToArray();
        var rightArray = right.ToArray();
        void Pair(int i, double[] scratch)
        {
            losses[i] = PairLossAndGradient(weights, d, leftArray[i], rightArray.AsSpan(i * width, width),
                rowGradients.AsSpan(i * d, d), rowGradients.AsSpan((count + i * width) * d, width * d), scratch);
        }
        ForEachPair(count, width, threads, Pair);
        double total = 0;
        foreach (var loss in losses) total += loss;
        return total;
    }

    /// <summary>Runs <paramref name="body"/> for pairs 0..count−1 on up to <paramref name="threads"/> threads, in fixed contiguous chunks.</summary>
    internal static void ForEachPair(int count, int width, int threads, Action<int, double[]> body)
    {
        var chunks = Math.Max(1, Math.Min(threads, count / 16));
        if (chunks == 1)
        {
            var scratch = new double[ScratchLength(width)];
            for (var i = 0; i < count; i++) body(i, scratch);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
        {
            var scratch = new double[ScratchLength(width)];
            var end = (int)((long)count * (c + 1) / chunks);
            for (var i = (int)((long)count * c / chunks); i < end; i++) body(i, scratch);
        });
    }

    /// <summary>
    /// The sparse Riemannian SGD step of <see cref="PoincareBall.SparseRiemannianStep"/>: every row a batch touched moves
    /// by −η (1 − ‖θ‖²)² / 4 · ∇, with ‖θ‖ taken before the step (so repeated ids add up their gradients, as in the
    /// dense step), then is projected back into the ball. <paramref name="scales"/>: scratch of the ids' length.
    /// </summary>
    public static void SparseStep(double[] weights, int dimension, ReadOnlySpan<int> ids, ReadOnlySpan<double> rowGradients,
        double learningRate, Span<double> scales)
    {
        var d = dimension;
        var factor = learningRate / 4;
        for (var r = 0; r < ids.Length; r++)
        {
            var row = weights.AsSpan(ids[r] * d, d);
            double squared = 0;
            for (var i = 0; i < d; i++) squared += row[i] * row[i];
            scales[r] = (1 - squared) * (1 - squared) * factor;
        }
        for (var r = 0; r < ids.Length; r++)
        {
            var row = weights.AsSpan(ids[r] * d, d);
            var gradient = rowGradients.Slice(r * d, d);
            var scale = scales[r];
            for (var i = 0; i < d; i++) row[i] -= gradient[i] * scale;
        }
        for (var r = 0; r < ids.Length; r++) Project(weights.AsSpan(ids[r] * d, d));
    }

    /// <summary>Rescales a row with norm above 1 − ε to norm 1 − ε (<see cref="PoincareBall.Project"/>).</summary>
    public static void Project(Span<double> row)
    {
        double squared = 0;
        for (var i = 0; i < row.Length; i++) squared += row[i] * row[i];
        if (squared <= Rim * Rim) return;
        var shrink = 1 / Math.Sqrt(squared) * Rim;
        if (shrink >= 1) return;
        for (var i = 0; i < row.Length; i++) row[i] *= shrink;
    }
}
