using TorchSharp;
using Zsl.RevNet.Layers;
using Zsl.RevNet.Models;
using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.Training.Tests.RevNet;

public class GradientTests
{
    internal static Architecture Small(ArchitectureKind kind) =>
        Architecture.Table31(kind, inputChannels: 1, classes: 5, blocksPerStage: 1).Narrow(kind == ArchitectureKind.IRevNet ? 8 : 4) with
        {
            Channels = kind switch
            {
                ArchitectureKind.ResNet => [8, 16, 16, 32],
                ArchitectureKind.RevNet => [8, 16, 32, 32],
                ArchitectureKind.IRevNet => [4, 16, 64, 256],
                _ => [8, 32, 128, 128],
            },
        };

    [Fact]
    public void Float32_recomputation_drifts_but_stays_close()
    {
        var result = GradientCheck.Compare(Small(ArchitectureKind.Hybrid), float32, size: 8);
        Assert.True(result.GlobalRelativeError > 1e-12, "float32 cannot match float64 to the last bit");
        Assert.True(result.GlobalRelativeError < 1e-2, $"hybrid float32 gradient error {result.GlobalRelativeError:E2}");
    }

    [Theory]
    [InlineData(ArchitectureKind.RevNet)]
    [InlineData(ArchitectureKind.IRevNet)]
    [InlineData(ArchitectureKind.LayerWise)]
    [InlineData(ArchitectureKind.Hybrid)]
    public void Recomputing_backward_matches_autograd_in_float64(ArchitectureKind kind)
    {
        var result = GradientCheck.Compare(Small(kind), float64, size: 8);
        Assert.True(result.Parameters > 10, $"only {result.Parameters} parameters");
        Assert.True(result.GlobalRelativeError < 1e-6, $"{kind}: global relative gradient error {result.GlobalRelativeError:E2}");
        Assert.True(result.WorstParameterRelativeError < 1e-6, $"{kind}: worst per-parameter relative error {result.WorstParameterRelativeError:E2}");
    }

    [Theory]
    [InlineData(ArchitectureKind.LayerWise)]
    [InlineData(ArchitectureKind.Hybrid)]
    public void Backward_on_batch_slices_matches_autograd_in_float64(ArchitectureKind kind)
    {
        // Slices of a few elements: every recomputed convolution and per-channel product runs sample by sample.
        var saved = BatchSlices.MaxElements;
        BatchSlices.MaxElements = 64;
        try
        {
            var result = GradientCheck.Compare(Small(kind), float64, size: 8);
            Assert.True(result.GlobalRelativeError < 1e-6, $"{kind}: global relative gradient error {result.GlobalRelativeError:E2}");
            Assert.True(result.WorstParameterRelativeError < 1e-6, $"{kind}: worst per-parameter relative error {result.WorstParameterRelativeError:E2}");
        }
        finally
        {
            BatchSlices.MaxElements = saved;
        }
    }

    [Fact]
    public void Batch_slices_cover_the_batch_in_order()
    {
        var saved = BatchSlices.MaxElements;
        BatchSlices.MaxElements = 100;
        try
        {
            using var t = zeros(7, 2, 5, 5); // 50 elements per sample: 2 samples per slice
            Assert.Equal(new[] { (0L, 2L), (2L, 2L), (4L, 2L), (6L, 1L) }, BatchSlices.Of(t).ToArray());
            BatchSlices.MaxElements = 10; // less than one sample: one sample per slice
            Assert.Equal(7, BatchSlices.Of(t).Count());
        }
        finally
        {
            BatchSlices.MaxElements = saved;
        }
    }
}
