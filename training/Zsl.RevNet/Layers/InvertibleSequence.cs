using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Zsl.RevNet.Layers;

/// <summary>A chain of invertible stages; its backward walks them top-down, each rebuilding its input from its output.</summary>
public sealed class InvertibleSequence : InvertibleModule
{
    public readonly ModuleList<InvertibleModule> Stages;

    public InvertibleSequence(IEnumerable<InvertibleModule> stages) : base(nameof(InvertibleSequence))
    {
        Stages = new ModuleList<InvertibleModule>(stages.ToArray());
        RegisterComponents();
    }

    public int Count => Stages.Count;

    /// <summary>ZSL_REVNET_TRACE=1: print the peak resident memory of every stage's backward (memory debugging).</summary>
    private static readonly bool Trace = Environment.GetEnvironmentVariable("ZSL_REVNET_TRACE") == "1";

    public override Tensor forward(Tensor x)
    {
        var z = x;
        foreach (var stage in Stages) z = stage.forward(z);
        return z;
    }

    /// <summary>Memory-saving forward: every intermediate is freed as soon as the next stage has consumed it.</summary>
    public override Tensor ForwardNoGrad(Tensor x)
    {
        // Each stage runs in its own dispose scope, so that its temporaries are freed at once (not at the next GC);
        // the stage output leaves every scope and is disposed explicitly when consumed.
        var z = x;
        foreach (var stage in Stages)
        {
            Tensor next;
            using (var scope = NewDisposeScope())
            {
                next = stage.ForwardNoGrad(z);
                scope.Detach(next);
            }
            if (!ReferenceEquals(z, x) && !stage.KeepsInput) z.Dispose();
            z = next;
        }
        return z;
    }

    public override Tensor Inverse(Tensor y)
    {
        var z = y;
        for (var i = Stages.Count - 1; i >= 0; i--)
        {
            var previous = Stages[i].Inverse(z);
            if (!ReferenceEquals(z, y)) z.Dispose();
            z = previous;
        }
        return z;
    }

    public override (Tensor X, Tensor GradX) Backward(Tensor y, Tensor gradY, GradientSink sink)
    {
        // Each stage owns what it receives (it overwrites or disposes it): only two activation-sized tensors are
        // handed from stage to stage.
        var (z, g) = (y, gradY);
        for (var i = Stages.Count - 1; i >= 0; i--)
        {
            if (Trace) Memory.Probe.ResetPeak();
            using var scope = NewDisposeScope();
            (z, g) = Stages[i].Backward(z, g, sink);
            scope.Detach(z, g);
            if (Trace) Console.Error.WriteLine($"backward {i} {Stages[i].GetName()}: peak RSS {Memory.Probe.ResidentBytes("VmHWM") / 1e6:F1} MB");
        }
        return (z, g);
    }

    /// <summary>Reconstructs every stage input from the output (top-down) for the SNR study: index i = input of stage i.</summary>
    public List<Tensor> ReconstructAll(Tensor y)
    {
        var result = new Tensor[Stages.Count + 1];
        result[Stages.Count] = y;
        for (var i = Stages.Count - 1; i >= 0; i--) result[i] = Stages[i].Inverse(result[i + 1]);
        return result.ToList();
    }
}
