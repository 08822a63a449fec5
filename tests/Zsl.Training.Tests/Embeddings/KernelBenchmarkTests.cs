using Zsl.Embeddings.Kge;

namespace Zsl.Training.Tests.Embeddings;

public class KernelBenchmarkTests
{
    [Fact]
    public void Benchmark_times_each_kernel_against_its_reference()
    {
        var timings = KernelBenchmark.Run(threads: 1, repetitions: 1, entities: 500, dimension: 16);
        Assert.Equal(3, timings.Count);
        Assert.All(timings, t => Assert.True(t.ReferenceMs > 0 && t.OursMs > 0 && double.IsFinite(t.Speedup), t.ToString()));
    }
}
