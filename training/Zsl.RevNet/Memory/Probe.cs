using System.Diagnostics;
using Zsl.RevNet.Models;
using Zsl.Torch;
using Zsl.Torch.Optimizers;
using static TorchSharp.torch;

namespace Zsl.RevNet.Memory;

/// <summary>Result of one probe process: peak resident memory of one training iteration and its time.</summary>
public sealed record ProbeResult(ArchitectureKind Kind, int Batch, int Size, long BaselineBytes, long PeakBytes, double SecondsPerIteration, long Parameters);

/// <summary>
/// Runs training iterations of an architecture on random data and measures the peak resident set: VmHWM is reset
/// through /proc/self/clear_refs ("5") after the model, optimizer state and batch exist, so the peak is the iteration's.
/// </summary>
public static class Probe
{
    public static ProbeResult Run(Architecture arch, int batch, int size, int iterations = 1, int warmup = 1, bool? recompute = null, int seed = 1, int? threads = null)
    {
        TorchRuntime.Initialize(seed, threads);
        var model = new ReversibleNet(arch);
        if (recompute is { } r) model.Recompute = r;
        model.train();
        using var optimizer = new Sgd(model.parameters(), 0.01, 0.9);
        var x = randn(batch, arch.InputChannels, size, size);
        var y = randint(0, arch.Classes, batch, dtype: int64);
        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            var trace = Environment.GetEnvironmentVariable("ZSL_REVNET_TRACE") == "1";
            if (trace) Console.Error.WriteLine($"before forward: RSS {ResidentBytes("VmRSS") / 1e6:F1} MB");
            var loss = nn.functional.cross_entropy(model.forward(x), y);
            if (trace) Console.Error.WriteLine($"after forward: RSS {ResidentBytes("VmRSS") / 1e6:F1} MB, peak {ResidentBytes("VmHWM") / 1e6:F1} MB");
            loss.backward();
            if (trace) Console.Error.WriteLine($"after backward: RSS {ResidentBytes("VmRSS") / 1e6:F1} MB");
            optimizer.Step();
        }
        for (var i = 0; i < warmup; i++) Step();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = ResidentBytes("VmRSS");
        ResetPeak();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) Step();
        var seconds = clock.Elapsed.TotalSeconds / iterations;
        var peak = ResidentBytes("VmHWM");
        return new ProbeResult(arch.Kind, batch, size, baseline, peak, seconds, model.ParameterCount);
    }

    public static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException("cannot reset the peak resident set through /proc/self/clear_refs (Linux only)", e);
        }
    }

    /// <summary>A field of /proc/self/status in bytes (VmHWM = peak resident set, VmRSS = current).</summary>
    public static long ResidentBytes(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":"))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]) * 1024;
        throw new InvalidOperationException($"/proc/self/status has no {field} line");
    }
}
