using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using Zsl.Torch;
using Zsl.Torch.Optimizers;
using static TorchSharp.torch;

namespace Zsl.Training.Tests.Torch;

/// <summary>
/// The optimizer layer every trainer uses: its tensor paths are TorchSharp's optimizers to the bit, its fused Adam pass
/// equals the tensor path, and garbage collections forced during steps change nothing.
/// </summary>
public class OptimizerTests
{
    /// <summary>
    /// Parameters of several shapes (one large enough to be split over threads, one with a length that is not a
    /// multiple of the vector width, one without a gradient), gradients that change each step, a learning-rate change
    /// between steps: the fused pass and the tensor-op reference give the same parameters.
    /// </summary>
    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.01, 2)]
    public void Fused_adam_equals_the_tensor_op_path(double weightDecay, int threads)
    {
        TorchRuntime.Initialize(11, threads);
        long[][] shapes = [[300_001], [17, 3], [5], [4]];
        var fused = shapes.Select(s => randn(s).requires_grad_()).ToArray();
        var reference = fused.Select(p => p.detach().clone().requires_grad_()).ToArray();
        var initial = fused.Select(p => p.detach().clone()).ToArray();
        using var fusedAdam = new Adam(fused, 0.01, weightDecay);
        using var referenceAdam = new Adam(reference, 0.01, weightDecay) { Fused = false };
        for (var step = 0; step < 5; step++)
        {
            if (step == 3) fusedAdam.LearningRate = referenceAdam.LearningRate = 0.003;
            for (var i = 0; i < shapes.Length - 1; i++)   // the last parameter never gets a gradient
            {
                // Every tensor handed to libtorch is held by a variable until its call returns (see Run below).
                using var gradient = randn(shapes[i]).mul_(Scalars.Of(step + 1));
                using var fusedGradient = gradient.clone();
                using var referenceGradient = gradient.clone();
                fused[i].grad = fusedGradient;
                reference[i].grad = referenceGradient;
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

    public static TheoryData<string> Configurations => ["sgd nesterov", "sgd momentum dampening", "sgd plain", "adam", "adam decay"];

    /// <summary>The recorded results were trained with TorchSharp's optimizers: ours take the same steps, bit for bit.</summary>
    [Theory]
    [MemberData(nameof(Configurations))]
    public void Tensor_paths_are_torchsharps_optimizers_to_the_bit(string configuration)
    {
        TorchRuntime.Initialize(5, 1);
        var (ours, reference, gradients) = Problem(17);
        var initial = ours.Select(p => p.detach().clone()).ToArray();
        using (var optimizer = Ours(configuration, ours))
            Run(optimizer.Step, lr => optimizer.LearningRate = lr, ours, gradients);
        var (step, setRate, dispose) = TorchSharps(configuration, reference);
        // TorchSharp's steps pass implicitly converted scalars: no collection may run during them
        var paused = GC.TryStartNoGCRegion(200L << 20);
        try { Run(step, setRate, reference, gradients); }
        finally
        {
            if (paused && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
            dispose();
        }
        for (var i = 0; i < ours.Length; i++)
        {
            Assert.True(Same(ours[i], reference[i]), $"{configuration}: parameter {i} differs from TorchSharp's by {(ours[i] - reference[i]).abs().max().ToDouble()}");
            Assert.Equal(i < 3, !Same(ours[i], initial[i]));   // the last parameter never gets a gradient
        }
    }

    /// <summary>
    /// Steps while another thread collects garbage and runs finalizers in a tight loop (and a collection between steps):
    /// every scalar a step hands libtorch must stay alive through its native call. The parameters equal those of the
    /// same steps taken without collections. (TorchSharp's own SGD and Adam, run this way for 3,000 steps, died in
    /// libtorch with "Expected false to be true ... toFloat" in two of these five configurations.)
    /// </summary>
    [Theory]
    [MemberData(nameof(Configurations))]
    public void Collections_forced_during_steps_change_nothing(string configuration)
    {
        TorchRuntime.Initialize(5, 1);
        var (quiet, stressed, gradients) = Problem(1500);
        using (var optimizer = Ours(configuration, quiet))
            Run(optimizer.Step, lr => optimizer.LearningRate = lr, quiet, gradients);

        using var stop = new CancellationTokenSource();
        long collections = 0;
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref collections);
            }
        }) { IsBackground = true };
        collector.Start();
        try
        {
            using var optimizer = Ours(configuration, stressed);
            // Every 100 steps, wait (up to 3 s) for the collector to finish another cycle: on a loaded machine the
            // steps could otherwise all run before it is scheduled, and the test would stress nothing. (A cycle can take
            // seconds there: WaitForPendingFinalizers waits for finalizers that test classes running in parallel feed.)
            var seen = 0L;
            Run(optimizer.Step, lr => optimizer.LearningRate = lr, stressed, gradients, collectBetweenSteps: true, afterStep: s =>
            {
                if (s % 100 != 99) return;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (Interlocked.Read(ref collections) <= seen && clock.Elapsed.TotalSeconds < 3) Thread.Sleep(1);
                seen = Interlocked.Read(ref collections);
            });
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
        Assert.True(Interlocked.Read(ref collections) > 2, $"only {collections} collections ran during the steps");
        for (var i = 0; i < quiet.Length; i++)
            Assert.True(Same(quiet[i], stressed[i]), $"{configuration}: parameter {i} differs after steps under collections");
    }

    [Fact]
    public void A_scalar_set_owns_its_scalars_until_it_is_disposed()
    {
        Assert.Same(Scalars.Of(0.25), Scalars.Of(0.25));
        var set = new Scalars();
        var half = set.Get(0.5);
        Assert.Same(half, set.Get(0.5));
        using (var x = ones(3)) Assert.Equal(4.5f, x.add(x, half).sum().item<float>());
        set.Dispose();
        Assert.Throws<ObjectDisposedException>(() => set.Get(0.5));
    }

    // ---- helpers ----

    private static bool Same(Tensor a, Tensor b) => a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private sealed record Gradients(Tensor[][] PerStep, double[] LearningRates);

    /// <summary>Two identical parameter sets (float32 of odd lengths, one float64, one never given a gradient) and seeded gradients.</summary>
    private static (Parameter[] Parameters, Parameter[] Copy, Gradients Gradients) Problem(int steps)
    {
        var generator = new Generator(42);
        long[][] shapes = [[37], [6, 5], [1000], [3]];
        ScalarType Type(int i) => i == 1 ? float64 : float32;
        var parameters = shapes.Select((s, i) => nn.Parameter(randn(s, dtype: Type(i), generator: generator))).ToArray();
        var copy = parameters.Select(p => nn.Parameter(p.detach().clone())).ToArray();
        var gradients = Enumerable.Range(0, steps)
            .Select(step => shapes.Take(3).Select((s, i) => randn(s, dtype: Type(i), generator: generator).mul_(Scalars.Of(1 + step % 3))).ToArray())
            .ToArray();
        var rates = Enumerable.Range(0, steps).Select(step => 0.05 / (1 + step / 10)).ToArray();
        return (parameters, copy, new Gradients(gradients, rates));
    }

    private static void Run(Action step, Action<double> setRate, Tensor[] parameters, Gradients gradients, bool collectBetweenSteps = false,
                            Action<int>? afterStep = null)
    {
        for (var s = 0; s < gradients.PerStep.Length; s++)
        {
            setRate(gradients.LearningRates[s]);
            for (var i = 0; i < gradients.PerStep[s].Length; i++)
            {
                // Held until the setter has returned: a temporary passed straight in can be finalized (its native
                // tensor freed) while libtorch copies it into the gradient, once another thread collects.
                using var grad = gradients.PerStep[s][i].clone();
                parameters[i].grad = grad;
            }
            step();
            if (collectBetweenSteps) GC.Collect();
            afterStep?.Invoke(s);
        }
    }

    private static Optimizer Ours(string configuration, Tensor[] parameters) => configuration switch
    {
        "sgd nesterov" => new Sgd(parameters, 0.05, 0.9, 5e-4, nesterov: true),
        "sgd momentum dampening" => new Sgd(parameters, 0.05, 0.8, 1e-3, dampening: 0.1),
        "sgd plain" => new Sgd(parameters, 0.05),
        "adam" => new Adam(parameters, 0.05) { Fused = false },
        "adam decay" => new Adam(parameters, 0.05, 0.01) { Fused = false },
        _ => throw new ArgumentException(configuration),
    };

    private static (Action Step, Action<double> SetRate, Action Dispose) TorchSharps(string configuration, Parameter[] parameters)
    {
        if (configuration.StartsWith("sgd"))
        {
            var sgd = configuration switch
            {
                "sgd nesterov" => optim.SGD(parameters, 0.05, 0.9, weight_decay: 5e-4, nesterov: true),
                "sgd momentum dampening" => optim.SGD(parameters, 0.05, 0.8, dampening: 0.1, weight_decay: 1e-3),
                _ => optim.SGD(parameters, 0.05),
            };
            return (() => sgd.step(), lr => { foreach (var g in sgd.ParamGroups) g.LearningRate = lr; }, sgd.Dispose);
        }
        var adam = configuration == "adam decay" ? optim.Adam(parameters, 0.05, weight_decay: 0.01) : optim.Adam(parameters, 0.05);
        return (() => adam.step(), lr => { foreach (var g in adam.ParamGroups) g.LearningRate = lr; }, adam.Dispose);
    }
}
