using TorchSharp;
using static TorchSharp.torch;

namespace Zsl.Torch.Optimizers;

/// <summary>
/// Stochastic gradient descent with momentum (torch.optim.SGD: L2 weight decay added to the gradient, the momentum
/// buffer starting as the first gradient, optional dampening and Nesterov momentum). Its tensor operations are
/// torch.optim.SGD's, in its order, so its results to the bit.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly Tensor?[] _momentumBuffers;
    private readonly double _momentum;
    private readonly double _dampening;
    private readonly double _weightDecay;
    private readonly bool _nesterov;

    public Sgd(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double weightDecay = 0,
        bool nesterov = false, double dampening = 0) : base(parameters, learningRate)
    {
        if (momentum < 0 || weightDecay < 0) throw new ArgumentException("momentum and weight decay must be ≥ 0");
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException("Nesterov momentum needs a momentum and no dampening");
        _momentumBuffers = new Tensor?[Parameters.Count];
        (_momentum, _dampening, _weightDecay, _nesterov) = (momentum, dampening, weightDecay, nesterov);
    }

    protected override void Update(int index, Tensor parameter, Tensor grad, Scalars scalars)
    {
        var g = _weightDecay != 0 ? grad.add(parameter, scalars.Get(_weightDecay)) : grad;
        if (_momentum != 0)
        {
            if (_momentumBuffers[index] is not { } buffer)
                _momentumBuffers[index] = buffer = g.clone().detach().DetachFromDisposeScope();
            else
                buffer.mul_(scalars.Get(_momentum)).add_(g, scalars.Get(1 - _dampening));
            g = _nesterov ? g.add(buffer, scalars.Get(_momentum)) : buffer;
        }
        parameter.add_(g, scalars.Get(-LearningRate));
    }

    public override void Dispose()
    {
        foreach (var buffer in _momentumBuffers) buffer?.Dispose();
    }
}
