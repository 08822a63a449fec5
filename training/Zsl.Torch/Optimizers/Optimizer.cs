using TorchSharp;
using static TorchSharp.torch;

namespace Zsl.Torch.Optimizers;

/// <summary>
/// The optimizer layer every trainer uses (embeddings, ZSL models, the CNN) instead of TorchSharp's: a step updates the
/// parameters that have a gradient under no_grad, in a dispose scope, and every scalar operand it hands libtorch is
/// owned by a <see cref="Scalars"/> set that lives until the step's native calls have returned, so a garbage collection
/// during a step cannot free one of them.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private readonly Tensor[] _parameters;

    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate)
    {
        _parameters = parameters.ToArray();
        if (learningRate < 0) throw new ArgumentException($"the learning rate must be ≥ 0, not {learningRate}");
        LearningRate = learningRate;
    }

    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>The step size; trainers change it between steps (schedules, decay on a plateau); the state is kept.</summary>
    public double LearningRate { get; set; }

    /// <summary>Number of steps taken.</summary>
    public long Steps { get; private set; }

    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    public void Step()
    {
        Steps++;
        using var noGrad = no_grad();
        using var scalars = new Scalars();
        using var scope = NewDisposeScope();
        BeginStep(scalars);
        for (var i = 0; i < _parameters.Length; i++)
            if (_parameters[i].grad is { } grad) Update(i, _parameters[i], grad, scalars);
    }

    /// <summary>Called once per step before the parameters are updated.</summary>
    protected virtual void BeginStep(Scalars scalars) { }

    /// <summary>Updates parameter <paramref name="index"/>; scalar operands come from <paramref name="scalars"/>.</summary>
    protected abstract void Update(int index, Tensor parameter, Tensor grad, Scalars scalars);

    public abstract void Dispose();
}
