using System.ComponentModel;
using Spectre.Console.Cli;
using Zsl.Embeddings.Kge;

namespace Zsl.Training.Cli.Commands.Embeddings;

/// <summary>./zsl train kge-kernels: the hand-written KGE kernels against the TorchSharp code they replace.</summary>
public sealed class KernelBenchmarkCommand : Command<KernelBenchmarkCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--threads <N>")] [Description("Torch and kernel threads (default: one per core).")] public int? Threads { get; init; }
        [CommandOption("--repetitions <N>")] [Description("Timed calls of each version (interleaved; the median is reported).")] public int Repetitions { get; init; } = 15;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Repetitions < 1) throw new ArgumentException("--repetitions must be at least 1");
        var threads = settings.Threads ?? Environment.ProcessorCount;
        var timings = KernelBenchmark.Run(threads, settings.Repetitions);
        Console.WriteLine($"| kernel | shape | reference | ms | ours | ms | speed-up |");
        Console.WriteLine("|---|---|---|---:|---|---:|---:|");
        foreach (var t in timings)
            Console.WriteLine($"| {t.Kernel} | {t.Shape} | {t.Reference} | {t.ReferenceMs:F1} | {t.Ours} | {t.OursMs:F1} | {t.Speedup:F2} × |");
        Console.WriteLine();
        Console.WriteLine($"{threads} threads, median of {settings.Repetitions} interleaved calls each.");
        return 0;
    }
}
