using TorchSharp;
using TorchSharp.Modules;
using Zsl.RevNet.Layers;
using static TorchSharp.torch;

namespace Zsl.RevNet.Models;

/// <summary>
/// The custom autograd node of a reversible body: forward runs without autograd and keeps only the body output (plus
/// what stages must keep: batch statistics, inputs of stored stages); backward rebuilds the activations from the
/// output, stage by stage, while the gradient flows down. Returns the input gradient and every parameter gradient.
/// </summary>
public sealed class ReversibleFunction : autograd.SingleTensorFunction<ReversibleFunction>
{
    public override string Name => "ReversibleBody";

    private sealed class State
    {
        public required InvertibleModule Body;
        public required Tensor Output;
        public required Tensor Input;
        public required Parameter[] Parameters;
    }

    public static Tensor Apply(InvertibleModule body, Tensor x)
    {
        var parameters = body.parameters().Where(p => p.requires_grad).ToArray();
        var vars = new object[2 + parameters.Length];
        vars[0] = body;
        vars[1] = x;
        for (var i = 0; i < parameters.Length; i++) vars[2 + i] = parameters[i];
        return apply(vars);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var body = (InvertibleModule)vars[0];
        var x = (Tensor)vars[1];
        var parameters = vars.Skip(2).Cast<Parameter>().ToArray();
        Tensor y;
        using (no_grad()) y = body.ForwardNoGrad(x);
        ctx.save_data("state", new State { Body = body, Output = y, Input = x, Parameters = parameters });
        return y;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var state = (State)ctx.get_data("state");
        var sink = new GradientSink();
        // The body overwrites what it is given: hand it copies of the (low-resolution) output and its gradient.
        Tensor y, g;
        using (no_grad())
        {
            y = state.Output.clone();
            g = grad_output.clone();
        }
        state.Output.Dispose();
        var (x, gx) = state.Body.Backward(y, g, sink);
        if (!ReferenceEquals(x, state.Input)) x.Dispose();
        var result = new List<Tensor> { null!, state.Input.requires_grad ? gx : null! };
        if (!state.Input.requires_grad) gx.Dispose();
        foreach (var p in state.Parameters) result.Add(sink.Take(p)!);
        return result;
    }
}
