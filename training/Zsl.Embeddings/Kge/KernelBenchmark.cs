using System.Diagnostics;
using TorchSharp;
using Zsl.Torch;
using Zsl.Torch.Optimizers;
using static TorchSharp.torch;

namespace Zsl.Embeddings.Kge;

/// <summary>One kernel timed against its reference in the same run: median milliseconds per call.</summary>
public sealed record KernelTiming(string Kernel, string Shape, string Reference, double ReferenceMs, string Ours, double OursMs)
{
    public double Speedup => ReferenceMs / OursMs;
}

/// <summary>
/// Times the hand-written KGE kernels against the TorchSharp code they replace, on WN18RR-sized random tensors, with
/// the two versions interleaved (reference, ours, reference, ...) so that machine noise hits both alike.
/// </summary>
public static class KernelBenchmark
{
    public static IReadOnlyList<KernelTiming> Run(int threads, int repetitions = 15, int entities = 40_943, int dimension = 200)
    {
        TorchRuntime.Initialize(1, threads);
        var results = new List<KernelTiming>();

        // TransE training batch: 512 queries against 1,024 shared negatives, forward and backward
        var q = randn(512, dimension).requires_grad_();
        var negatives = randn(1024, dimension).requires_grad_();
        var upstream = randn(512, 1024);
        results.Add(Interleaved("L1 distance, forward + backward (TransE batch)", $"512 × 1,024 × {dimension}",
            "torch.cdist(p = 1)", () => Backward(cdist(q, negatives, 1), upstream),
            "L1Distance", () => Backward(L1Distance.Compute(q, negatives), upstream), repetitions));

        // TransE evaluation batch: 256 queries against every entity, no gradient
        var table = randn(entities, dimension);
        var queries = randn(256, dimension);
        using (no_grad())
            results.Add(Interleaved("L1 distance, forward (evaluation batch)", $"256 × {entities:N0} × {dimension}",
                "torch.cdist(p = 1)", () => cdist(queries, table, 1),
                "L1Distance", () => L1Distance.Compute(queries, table), Math.Max(3, repetitions / 3)));

        // Adam over the entity and relation tables of a WN18RR model
        Tensor[] Parameters() => [randn(entities, dimension).requires_grad_(), randn(22, dimension).requires_grad_()];
        var (fusedParameters, tensorParameters) = (Parameters(), Parameters());
        foreach (var p in fusedParameters.Concat(tensorParameters)) p.grad = randn_like(p);
        using var fused = new Adam(fusedParameters, 0.001);
        using var tensorOps = new Adam(tensorParameters, 0.001) { Fused = false };
        results.Add(Interleaved("Adam step", $"{entities:N0} × {dimension} + 22 × {dimension}",
            "tensor ops", tensorOps.Step, "fused C# pass", fused.Step, repetitions));
        return results;
    }

    private static void Backward(Tensor output, Tensor gradient) => autograd.backward([output], [gradient]);

    private static KernelTiming Interleaved(string kernel, string shape, string referenceName, Action reference,
        string oursName, Action ours, int repetitions)
    {
        var (referenceTimes, ourTimes) = (new List<double>(), new List<double>());
        for (var i = -1; i < repetitions; i++)   // round -1 warms both up
        {
            var r = Time(reference);
            var o = Time(ours);
            if (i < 0) continue;
            referenceTimes.Add(r);
            ourTimes.Add(o);
        }
        return new KernelTiming(kernel, shape, referenceName, Median(referenceTimes), oursName, Median(ourTimes));
    }

    private static double Time(Action action)
    {
        using var scope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
