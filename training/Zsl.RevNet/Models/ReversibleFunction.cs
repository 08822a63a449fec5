using Zsl.Torch;
using TorchSharp;
using TorchSharp.Modules;
using Zsl.RevNet.Layers;
using static TorchSharp.torch;

namespace Zsl.RevNet.Models;

/// <summary>
/// The custom autograd node of a reversible body followed by ReLU and global average pooling (over space and over the
/// samples batch pooling stacked): forward runs without autograd and keeps only the body output (plus what stages must
/// keep: batch statistics, inputs of stored stages); backward rebuilds the activations from the output, stage by
/// stage, while the gradient flows down. Returns the input gradient and every parameter gradient.
/// </summary>
/// <remarks>
/// The node ends with the pooled features (batch × channels) rather than with the body output, so that autograd never
/// holds an activation-sized gradient: the gradient arriving here is tiny, the body-output gradient is built inside
/// the backward and owned (overwritten in place) by it. Ending at the body output instead made the engine keep its
/// gradient (c0 elements per pixel) alive during the whole backward.
/// </remarks>
public sealed class ReversibleFunction : autograd.SingleTensorFunction<ReversibleFunction>
{
    public override string Name => "ReversibleBodyPooled";

    private sealed class State
    {
        public required InvertibleModule Body;
        public required Tensor Output;
        public required Tensor Input;
        public required Parameter[] Parameters;
    }

    /// <summary>ReLU(body(x)) averaged over space and stacked samples: batch × channels.</summary>
    public static Tensor Apply(InvertibleModule body, Tensor x)
    {
        var parameters = body.parameters().Where(p => p.requires_grad).ToArray();
        var vars = new object[2 + parameters.Length];
        vars[0] = body;
        vars[1] = x;
        for (var i = 0; i < parameters.Length; i++) vars[2 + i] = parameters[i];
        return apply(vars);
    }

    /// <summary>ReLU then the mean over space and over the samples stacked along the batch (z: stacked·batch × C × h × w).</summary>
    public static Tensor Pool(Tensor z, long batch)
    {
        var stacked = z.shape[0] / batch;
        using var relu = nn.functional.relu(z);
        using var view = relu.reshape(stacked, batch, relu.shape[1], relu.shape[2], relu.shape[3]);
        return view.mean(new long[] { 0, 3, 4 });
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var body = (InvertibleModule)vars[0];
        var x = (Tensor)vars[1];
        var parameters = vars.Skip(2).Cast<Parameter>().ToArray();
        Tensor y, pooled;
        using (no_grad())
        {
            y = body.ForwardNoGrad(x);
            pooled = Pool(y, x.shape[0]);
        }
        ctx.save_data("state", new State { Body = body, Output = y, Input = x, Parameters = parameters });
        return pooled;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var state = (State)ctx.get_data("state");
        var sink = new GradientSink();
        var y = state.Output;
        Tensor g;
        using (no_grad())
        {
            // d mean(relu(z)) / dz = [z > 0] / (stacked·h·w), broadcast over the stacked samples and space.
            var batch = grad_output.shape[0];
            var stacked = y.shape[0] / batch;
            var count = stacked * y.shape[2] * y.shape[3];
            using var mask = y.gt(Scalars.Of(0));
            g = mask.to(y.dtype);
            using var gv = g.view(stacked, batch, y.shape[1], y.shape[2], y.shape[3]);
            using var scaled = grad_output.div(Scalars.Of(count));
            using var b = scaled.view(1, batch, y.shape[1], 1, 1);
            gv.mul_(b);
        }
        // The body owns (overwrites in place or disposes) the output and its gradient.
        var (x, gx) = state.Body.Backward(y, g, sink);
        if (!ReferenceEquals(x, state.Input)) x.Dispose();
        var result = new List<Tensor> { null!, state.Input.requires_grad ? gx : null! };
        if (!state.Input.requires_grad) gx.Dispose();
        foreach (var p in state.Parameters) result.Add(sink.Take(p)!);
        return result;
    }
}
