using Zsl.RevNet.Data;
using Zsl.RevNet.Models;
using Zsl.RevNet.Training;
using Zsl.TestKit;

namespace Zsl.Training.Tests.RevNet;

public class StepTimingTests
{
    private static string Fixture(params string[] parts) => Path.Combine([TestPaths.RepoRoot, "tests", "Zsl.Training.Tests", "RevNet", "Fixtures", .. parts]);

    [Fact]
    public void Training_steps_of_colour_images_are_timed_by_stage()
    {
        var train = Cifar10Reader.Load(Fixture("cifar-10-batches-bin"), "train");
        var arch = new Architecture(ArchitectureKind.Hybrid, [8, 32], [Pooling.Channel], 1, 3, 10);
        var result = StepTiming.Run(train, arch, batchSize: 8, warmup: 1, steps: 2, seed: 2, threads: 1);
        Assert.Equal(2, result.Steps);
        Assert.Equal(1, result.Threads);
        Assert.True(result.ImagesPerSecond > 0);
        Assert.True(result.ForwardSeconds > 0 && result.BackwardSeconds > 0 && result.DataSeconds > 0, $"{result}");
        // The stages cover the step: their sum cannot exceed the wall time of a step.
        Assert.True(result.StepSeconds <= 1.05 * result.BatchSize / result.ImagesPerSecond, $"{result}");
    }
}
