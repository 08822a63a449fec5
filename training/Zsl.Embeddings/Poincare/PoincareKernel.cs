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

    /// <summary>d(u, v) as in <see cref="PoincareBall.Distance"/>, adding ∂d/∂u · <paramref name="scale"/> to
    /// <paramref name="gradU"/> and ∂d/∂v · <paramref name="scale"/> to <paramref name="gradV"/>.</summary>
    public static double DistanceWithGradient(ReadOnlySpan<double> u, ReadOnlySpan<double> v, double scale, Span<double> gradU, Span<double> gradV)
    {
        var (distance, x, squaredU, squaredV, squaredDiff, alpha, beta) = Forward(u, v);
        if (scale == 0 || x < Floor) return distance; // clamp_min: no gradient below the floor
        // x = 1 + 2 S / (α β), α = 1 − ‖u‖², β = 1 − ‖v‖², S = ‖u − v‖²; dd/dx = 1 / sqrt(x² − 1)
        var outer = scale / Math.Sqrt(x * x - 1);
        var common = 4 / (alpha * beta) * outer;
        var selfU = squaredU <= Rim ? 4 * squaredDiff / (alpha * alpha * beta) * outer : 0; // clamp of ‖u‖²
        var selfV = squaredV <= Rim ? 4 * squaredDiff / (alpha * beta * beta) * outer : 0;
        for (var i = 0; i < u.Length; i++)
        {
            var diff = u[i] - v[i];
            gradU[i] += common * diff + selfU * u[i];
            gradV[i] += -common * diff + selfV * v[i];
        }
        return distance;
    }

    public static double Distance(ReadOnlySpan<double> u, ReadOnlySpan<double> v) => Forward(u, v).Distance;

    private static (double Distance, double X, double SquaredU, double SquaredV, double SquaredDiff, double Alpha, double Beta) Forward(
        ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        double squaredU = 0, squaredV = 0, squaredDiff = 0;
        for (var i = 0; i < u.Length; i++)
        {
            squaredU += u[i] * u[i];
            squaredV += v[i] * v[i];
            var diff = u[i] - v[i];
            squaredDiff += diff * diff;
        }
        var alpha = 1 - Math.Min(squaredU, Rim);
        var beta = 1 - Math.Min(squaredV, Rim);
        var x = Math.Max(1 + 2 * squaredDiff / (alpha * beta), Floor);
        return (Math.Log(x + Math.Sqrt(x * x - 1)), x, squaredU, squaredV, squaredDiff, alpha, beta);
    }

    /// <summary>
    /// Loss −log softmax(−d(u, c))₀ of one pair over its candidates c (c₀ the related node, then the negatives), with
    /// its gradient: ∂/∂u into <paramref name="gradU"/>, ∂/∂c_j into row j of <paramref name="gradCandidates"/>
    /// (both overwritten). <paramref name="distances"/> is scratch of the candidates' length.
    /// </summary>
    public static double PairLossAndGradient(double[] weights, int dimension, int u, ReadOnlySpan<int> candidates,
        Span<double> gradU, Span<double> gradCandidates, Span<double> distances)
    {
        var d = dimension;
        var uRow = weights.AsSpan(u * d, d);
        var min = double.PositiveInfinity;
        for (var j = 0; j < candidates.Length; j++)
        {
            distances[j] = Distance(uRow, weights.AsSpan(candidates[j] * d, d));
            min = Math.Min(min, distances[j]);
        }
        double sum = 0;
        for (var j = 0; j < candidates.Length; j++) sum += Math.Exp(min - distances[j]);
        var loss = distances[0] - min + Math.Log(sum);
        gradU.Clear();
        gradCandidates.Clear();
        for (var j = 0; j < candidates.Length; j++)
        {
            // ∂loss/∂d_j = [j = 0] − softmax(−d)_j
            var weight = (j == 0 ? 1 : 0) - Math.Exp(min - distances[j]) / sum;
            DistanceWithGradient(uRow, weights.AsSpan(candidates[j] * d, d), weight, gradU, gradCandidates.Slice(j * d, d));
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
            var scratch = new double[width];
            for (var i = 0; i < count; i++) body(i, scratch);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
        {
            var scratch = new double[width];
            var end = (int)((long)count * (c + 1) / chunks);
            for (var i = (int)((long)count * c / chunks); i < end; i++) body(i, scratch);
        });
    }

    /// <summary>
    /// The sparse Riemannian SGD step of <see cref="PoincareBall.SparseRiemannianStep"/>: gradients of repeated ids
    /// summed (in id order), each touched row moved by −η (1 − ‖θ‖²)² / 4 · ∇ and projected back into the ball.
    /// <paramref name="accumulator"/> is an all-zero n × d scratch array, left all zero; <paramref name="touched"/> an
    /// all-false n-array, left all false.
    /// </summary>
    public static void SparseStep(double[] weights, int dimension, ReadOnlySpan<int> ids, ReadOnlySpan<double> rowGradients,
        double learningRate, double[] accumulator, bool[] touched, List<int> touchedRows)
    {
        var d = dimension;
        touchedRows.Clear();
        for (var r = 0; r < ids.Length; r++)
        {
            var id = ids[r];
            if (!touched[id]) { touched[id] = true; touchedRows.Add(id); }
            var target = accumulator.AsSpan(id * d, d);
            var source = rowGradients.Slice(r * d, d);
            for (var i = 0; i < d; i++) target[i] += source[i];
        }
        var factor = learningRate / 4;
        foreach (var id in touchedRows)
        {
            var row = weights.AsSpan(id * d, d);
            var gradient = accumulator.AsSpan(id * d, d);
            double squared = 0;
            for (var i = 0; i < d; i++) squared += row[i] * row[i];
            var scale = (1 - squared) * (1 - squared) * factor;
            double norm = 0;
            for (var i = 0; i < d; i++)
            {
                row[i] -= gradient[i] * scale;
                norm += row[i] * row[i];
            }
            norm = Math.Sqrt(norm);
            if (norm > Rim)
            {
                var shrink = 1 / norm * Rim;
                for (var i = 0; i < d; i++) row[i] *= shrink;
            }
            gradient.Clear();
            touched[id] = false;
        }
    }
}
