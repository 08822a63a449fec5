using System.ComponentModel;
using System.Text.Json;
using Spectre.Console.Cli;
using Zsl.RevNet.Layers;
using Zsl.RevNet.Memory;
using Zsl.RevNet.Models;

namespace Zsl.Training.Cli.RevNet;

public sealed class RevNetProbeSettings : CommandSettings
{
    [CommandOption("--arch <NAME>"), Description("Architecture."), DefaultValue("hybrid")]
    public string Arch { get; init; } = "hybrid";
    [CommandOption("--batch <N>"), Description("Batch size."), DefaultValue(8)]
    public int Batch { get; init; } = 8;
    [CommandOption("--size <N>"), Description("Image height and width."), DefaultValue(32)]
    public int Size { get; init; } = 32;
    [CommandOption("--blocks <N>"), Description("Blocks per stage."), DefaultValue(2)]
    public int Blocks { get; init; } = 2;
    [CommandOption("--width-divisor <N>"), Description("Divide channel counts."), DefaultValue(1)]
    public int WidthDivisor { get; init; } = 1;
    [CommandOption("--iterations <N>"), Description("Measured iterations."), DefaultValue(1)]
    public int Iterations { get; init; } = 1;
    [CommandOption("--store-activations"), Description("Ordinary autograd instead of the recomputing backward.")]
    public bool StoreActivations { get; init; }
    [CommandOption("--slice-elements <N>"), Description("Batch-separable recomputation runs on batch slices of at most N elements (0: whole batch)."), DefaultValue(65536L)]
    public long SliceElements { get; init; } = 65536;
    [CommandOption("--threads <N>"), Description("Torch threads.")]
    public int? Threads { get; init; }
}

public sealed class RevNetProbeCommand : Command<RevNetProbeSettings>
{
    public override int Execute(CommandContext context, RevNetProbeSettings s, CancellationToken cancellation)
    {
        var arch = Architecture.Table31(Architecture.ParseKind(s.Arch), 3, 10, s.Blocks);
        if (s.WidthDivisor > 1) arch = arch.Narrow(s.WidthDivisor);
        BatchSlices.MaxElements = s.SliceElements;
        var result = Probe.Run(arch, s.Batch, s.Size, s.Iterations, recompute: s.StoreActivations ? false : null, threads: s.Threads);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }
}
