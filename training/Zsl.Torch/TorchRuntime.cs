using static TorchSharp.torch;

namespace Zsl.Torch;

/// <summary>Process-wide TorchSharp settings every training entry point applies first.</summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();

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
