using Zsl.Embeddings.Kge;
using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.Training.Tests.Embeddings;

public class ScalarSafeAdamTests
{
    /// <summary>
    /// Parameters of several shapes (one large enough to be split over threads, one with a length that is not a
    /// multiple of the vector width, one without a gradient), gradients that change each step, a learning-rate change
    /// between steps: the fused pass and the tensor-op reference give the same parameters and moments.
    /// </summary>
    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.01, 2)]
    public void Fused_step_equals_the_tensor_op_reference(double weightDecay, int threads)
    {
        TorchRuntime.Initialize(11, threads);
        long[][] shapes = [[300_001], [17, 3], [5], [4]];
        var fused = shapes.Select(s => randn(s).requires_grad_()).ToArray();
        var reference = fused.Select(p => p.detach().clone().requires_grad_()).ToArray();
        var initial = fused.Select(p => p.detach().clone()).ToArray();
        using var fusedAdam = new ScalarSafeAdam(fused, 0.01, weightDecay);
        using var referenceAdam = new ScalarSafeAdam(reference, 0.01, weightDecay) { Fused = false };
        for (var step = 0; step < 5; step++)
        {
            if (step == 3) fusedAdam.LearningRate = referenceAdam.LearningRate = 0.003;
            for (var i = 0; i < shapes.Length - 1; i++)   // the last parameter never gets a gradient
            {
                var gradient = randn(shapes[i]) * (step + 1);
                fused[i].grad = gradient.clone();
                reference[i].grad = gradient.clone();
            }
            fusedAdam.Step();
            referenceAdam.Step();
        }
        for (var i = 0; i < shapes.Length; i++)
        {
            var difference = (fused[i] - reference[i]).abs().max().item<float>();
            Assert.True(difference < 1e-6, $"parameter {i}: fused and reference differ by {difference}");
        }
        // Adam moves coordinates with a gradient by up to lr per step; the one without a gradient stays put
        for (var i = 0; i < shapes.Length - 1; i++)
            Assert.True((fused[i] - initial[i]).abs().mean().item<float>() > 0.005, $"parameter {i} did not move");
        Assert.Equal(0f, (fused[3] - initial[3]).abs().max().item<float>());
    }
}
