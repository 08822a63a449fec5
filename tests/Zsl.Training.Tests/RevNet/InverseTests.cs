using TorchSharp;
using Zsl.RevNet.Layers;
using Zsl.RevNet.Models;
using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.Training.Tests.RevNet;

public class InverseTests
{
    private static double MaxError(Tensor a, Tensor b) => (a - b).abs().max().item<double>();

    public static TheoryData<string> Layers => new() { "coupling", "batchnorm", "leakyrelu", "conv", "channelpool", "batchpool", "hybridblock" };

    private static InvertibleModule Make(string name) => name switch
    {
        "coupling" => new Coupling("c", nn.Conv2d(4, 4, 3, padding: 1, dtype: float64), nn.Conv2d(4, 4, 3, padding: 1, dtype: float64), CouplingBackward.Autograd),
        "batchnorm" => new InvertibleBatchNorm(8, 0.1, dtype: float64),
        "leakyrelu" => new InvertibleLeakyRelu(0.3),
        "conv" => new InvertibleConv(8, float64),
        "channelpool" => new ChannelPool(),
        "batchpool" => new BatchPool(),
        "hybridblock" => new ReversibleNet(GradientTests.Small(ArchitectureKind.Hybrid), float64).Body.Stages.OfType<Coupling>().First(c => c.Mode == CouplingBackward.LayerWise),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Inverse_of_forward_is_the_identity(string name)
    {
        TorchRuntime.Initialize(11);
        using var scope = NewDisposeScope();
        var layer = Make(name);
        layer.train();
        if (layer is InvertibleBatchNorm bn)
            using (no_grad()) { bn.Gamma.uniform_(-1, 1); bn.Beta.normal_(); }
        var x = randn(4, 8, 8, 8, dtype: float64) * 3 + 1;
        using var _ = no_grad();
        var y = layer.ForwardNoGrad(x);
        Assert.True(MaxError(layer.Inverse(y), x) < 1e-10, $"{name}: inverse(forward(x)) != x");
        // Not the identity map (except for what the test means to be trivial).
        Assert.True(MaxError(y, x.reshape(y.shape)) > 1e-3 || name.EndsWith("pool"), $"{name}: forward did nothing");
    }

    [Fact]
    public void Pooling_layers_have_the_shapes_of_eq_3_29()
    {
        var x = arange(2 * 3 * 4 * 6, dtype: float32).reshape(2, 3, 4, 6);
        var pc = new ChannelPool().forward(x);
        var pb = new BatchPool().forward(x);
        Assert.Equal(new long[] { 2, 12, 2, 3 }, pc.shape);
        Assert.Equal(new long[] { 8, 3, 2, 3 }, pb.shape);
        // One 2×2 region of image 0, channel 0 (rows 0-1, columns 0-1: 0, 1, 6, 7) lands in 4 channels / 4 samples.
        Assert.Equal([0f, 1f, 6f, 7f], new[] { pc[0, 0, 0, 0], pc[0, 1, 0, 0], pc[0, 2, 0, 0], pc[0, 3, 0, 0] }.Select(t => t.item<float>()));
        Assert.Equal([0f, 1f, 6f, 7f], new[] { pb[0, 0, 0, 0], pb[2, 0, 0, 0], pb[4, 0, 0, 0], pb[6, 0, 0, 0] }.Select(t => t.item<float>()));
        Assert.Throws<ArgumentException>(() => new ChannelPool().forward(zeros(1, 1, 3, 4)));
    }

    [Fact]
    public void Whole_bodies_are_rebuilt_from_their_output()
    {
        foreach (var kind in new[] { ArchitectureKind.IRevNet, ArchitectureKind.LayerWise, ArchitectureKind.Hybrid })
        {
            TorchRuntime.Initialize(5);
            using var scope = NewDisposeScope();
            var net = new ReversibleNet(GradientTests.Small(kind), float64);
            net.train();
            var x = randn(4, 1, 8, 8, dtype: float64);
            using var _ = no_grad();
            var y = net.Body.ForwardNoGrad(x);
            var all = net.Body.ReconstructAll(y);
            // all[1] = the stem convolution's output (input of the first invertible stage), rebuilt through every stage above it.
            var stemOut = net.Body.Stages[0].forward(x);
            Assert.True(MaxError(all[1], stemOut) < 1e-9, $"{kind}: body inverse error {MaxError(all[1], stemOut):E2}");
        }
    }
}
