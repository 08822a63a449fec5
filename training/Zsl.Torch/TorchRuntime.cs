using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Zsl.Torch;

/// <summary>Process-wide TorchSharp settings every training entry point applies first.</summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();

    /// <summary>
    /// Makes libtorch's OpenMP threads sleep, instead of spinning, while they wait at a barrier (OMP_WAIT_POLICY=PASSIVE,
    /// unless the environment sets it). Must run before libtorch is loaded: libgomp reads it once. On a 2-core machine
    /// with other work, the spinning thread took the core the working one needed: the hybrid CNN's training step ran
    /// 3-5x slower with 2 threads than with 1 (docs/benchmarks.md, CIFAR-10 training step). Writes the C library's
    /// environment: .NET's Environment.SetEnvironmentVariable does not reach native code on Linux.
    /// </summary>
    public static void PreferSleepingThreads()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is { Length: > 0 }) return;
        setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv(string name, string value, int overwrite);

    /// <summary>
    /// Uses one intra-op thread per core (or <paramref name="threads"/>) and seeds torch's generator, so that the
    /// same data, seed and thread count give the same results.
    /// </summary>
    public static void Initialize(int seed, int? threads = null)
    {
        lock (Gate)
        {
            var count = threads ?? Environment.ProcessorCount;
            if (get_num_threads() != count) set_num_threads(count);
            manual_seed(seed);
        }
    }
}
