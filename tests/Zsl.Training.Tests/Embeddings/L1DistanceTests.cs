using Zsl.Embeddings.Kge;
using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.Training.Tests.Embeddings;

public class L1DistanceTests
{
    /// <summary>
    /// Against the broadcast definition Σ_k |q_ik − e_jk| under autograd: shapes that are not multiples of the vector
    /// width or of the block, rows of q equal to rows of e (a zero difference has gradient 0), upstream gradients with
    /// zeros, one and two threads.
    /// </summary>
    [Theory]
    [InlineData(37, 70, 13, 1)]
    [InlineData(37, 70, 13, 2)]
    [InlineData(64, 130, 200, 2)]
    [InlineData(1, 5, 3, 2)]
    public void Distances_and_gradients_equal_the_broadcast_reference(int rows, int columns, int d, int threads)
    {
        TorchRuntime.Initialize(7, threads);
        var qData = randn(rows, d);
        var eData = randn(columns, d);
        qData[0] = eData[columns - 1].clone();                     // identical rows: every difference is 0
        if (rows > 1) qData[rows - 1, 0] = eData[0, 0].clone();   // one equal coordinate
        var upstream = randn(rows, columns);
        upstream[.., 1] = 0;                                      // skipped pairs

        var q = qData.clone().requires_grad_();
        var e = eData.clone().requires_grad_();
        var distances = L1Distance.Compute(q, e);
        autograd.backward([distances], [upstream]);

        var qr = qData.clone().requires_grad_();
        var er = eData.clone().requires_grad_();
        var reference = (qr.unsqueeze(1) - er.unsqueeze(0)).abs().sum(-1);
        autograd.backward([reference], [upstream]);

        Assert.Equal([rows, columns], distances.shape);
        Assert.True((distances - reference).abs().max().item<float>() < 1e-4 * d);
        Assert.Equal(0f, distances[0, columns - 1].item<float>());
        Assert.True((q.grad! - qr.grad!).abs().max().item<float>() < 1e-4 * columns, "gradient of q");
        Assert.True((e.grad! - er.grad!).abs().max().item<float>() < 1e-4 * rows, "gradient of e");
        Assert.True(q.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Same_inputs_give_identical_results()
    {
        TorchRuntime.Initialize(3, 2);
        var q = randn(100, 50);
        var e = randn(300, 50);
        var upstream = randn(100, 300);
        (Tensor, Tensor, Tensor) Run()
        {
            var qq = q.clone().requires_grad_();
            var ee = e.clone().requires_grad_();
            var d = L1Distance.Compute(qq, ee);
            autograd.backward([d], [upstream]);
            return (d.detach(), qq.grad!, ee.grad!);
        }
        var (d1, gq1, ge1) = Run();
        var (d2, gq2, ge2) = Run();
        Assert.True(d1.eq(d2).all().item<bool>() && gq1.eq(gq2).all().item<bool>() && ge1.eq(ge2).all().item<bool>());
    }
}
