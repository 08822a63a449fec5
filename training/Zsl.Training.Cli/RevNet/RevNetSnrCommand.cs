using System.ComponentModel;
using System.Text;
using Spectre.Console.Cli;
using Zsl.RevNet.Memory;
using Zsl.RevNet.Models;
using Zsl.RevNet.Snr;
using static TorchSharp.torch;

namespace Zsl.Training.Cli.RevNet;

public sealed class RevNetSnrSettings : CommandSettings
{
    [CommandOption("--out <DIR>"), Description("Directory of the PNG plots."), DefaultValue("docs/img/revnet")]
    public string Out { get; init; } = "docs/img/revnet";

    [CommandOption("--markdown <FILE>"), Description("Write the summary tables as Markdown.")]
    public string? Markdown { get; init; }

    [CommandOption("--depths <LIST>"), Description("Blocks per stage of the depth study."), DefaultValue("1,2,4")]
    public string Depths { get; init; } = "1,2,4";

    [CommandOption("--slopes <LIST>"), Description("Negative slopes n of the depth study."), DefaultValue("0.2,0.5,0.8")]
    public string Slopes { get; init; } = "0.2,0.5,0.8";

    [CommandOption("--width-divisor <N>"), Description("Channels ÷ N for the depth study models."), DefaultValue(4)]
    public int WidthDivisor { get; init; } = 4;

    [CommandOption("--threads <N>"), Description("Torch threads.")]
    public int? Threads { get; init; }
}

public sealed class RevNetSnrCommand : Command<RevNetSnrSettings>
{
    public override int Execute(CommandContext context, RevNetSnrSettings s, CancellationToken cancellation)
    {
        if (s.Threads is { } t) set_num_threads(t);
        var depths = s.Depths.Split(',').Select(int.Parse).ToArray();
        var slopes = s.Slopes.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var md = new StringBuilder();
        Directory.CreateDirectory(s.Out);

        var rhos = new[] { 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2, 3, 5, 10 };
        var toy = SnrStudy.ToyBatchNorm(rhos);
        var general = SnrStudy.RandomBatchNorms();
        var leaky = SnrStudy.LeakyRelu([0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0]);
        Plots.Lines(Path.Combine(s.Out, "snr-alpha-batchnorm-toy.png"), "Invertible BN, toy layer γ = [1, ρ] (eq. 3.19c)", "ρ", "α = snr_in / snr_out",
            [("theory", toy.Select(p => p.Parameter).ToArray(), toy.Select(p => p.Theory).ToArray()),
             ("measured", toy.Select(p => p.Parameter).ToArray(), toy.Select(p => p.Measured).ToArray())]);
        Plots.Lines(Path.Combine(s.Out, "snr-alpha-batchnorm-random.png"), "Invertible BN, random layers (eq. 3.22c)", "α theory", "α measured",
            [("layers", general.Select(p => p.Theory).ToArray(), general.Select(p => p.Measured).ToArray()),
             ("y = x", [0, general.Max(p => p.Theory)], [0, general.Max(p => p.Theory)])], markersOnly: false);
        Plots.Lines(Path.Combine(s.Out, "snr-alpha-leaky-relu.png"), "Invertible leaky ReLU (eq. 3.28c)", "negative slope n", "α",
            [("theory", leaky.Select(p => p.Parameter).ToArray(), leaky.Select(p => p.Theory).ToArray()),
             ("measured", leaky.Select(p => p.Parameter).ToArray(), leaky.Select(p => p.Measured).ToArray())]);
        md.AppendLine("SNR reduction α of one inverse on Gaussian data (float64, output noise 1e-3 / 1e-4 of the signal):");
        md.AppendLine();
        md.AppendLine("| layer | parameter | α theory | α measured |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var p in toy) md.AppendLine($"| BN toy (3.19c) | ρ = {p.Parameter} | {p.Theory:F4} | {p.Measured:F4} |");
        foreach (var p in leaky) md.AppendLine($"| leaky ReLU (3.28c) | n = {p.Parameter} | {p.Theory:F4} | {p.Measured:F4} |");
        var worst = general.Max(p => Math.Abs(p.Measured / p.Theory - 1));
        md.AppendLine($"| BN random (3.22c) | {general.Count} random layers | – | max relative deviation {worst:P1} |");
        foreach (var p in toy.Concat(leaky)) Console.WriteLine($"α theory {p.Theory:F4} measured {p.Measured:F4} (parameter {p.Parameter})");
        Console.WriteLine($"random BN layers: max |measured/theory − 1| = {worst:P2}");

        md.AppendLine();
        md.AppendLine($"SNR of activations rebuilt top-down through float32 models in training mode (channels ÷{s.WidthDivisor}, BN γ drawn in [0.2, 1.8]; " +
                      "layer-wise: every layer inverted; hybrid: block inverses between blocks, layer-wise inverses inside). Lowest SNR along the model (dB):");
        md.AppendLine();
        md.AppendLine("| model | blocks/stage | " + string.Join(" | ", slopes.Select(n => $"n = {n}")) + " |");
        md.AppendLine("|---|---:|" + string.Concat(slopes.Select(_ => "---:|")));
        foreach (var kind in new[] { ArchitectureKind.LayerWise, ArchitectureKind.Hybrid })
        {
            var curves = new List<(string, double[], double[])>();
            foreach (var depth in depths)
            {
                var cells = new List<string>();
                foreach (var n in slopes)
                {
                    var arch = Architecture.Table31(kind, 3, 10, depth).Narrow(s.WidthDivisor) with { NegativeSlope = n };
                    var curve = SnrStudy.AlongDepth(arch);
                    var min = curve.SnrDb.Min();
                    cells.Add($"{min:F1}");
                    Console.WriteLine($"{kind} ×{depth} n={n}: min SNR {min:F1} dB over {curve.SnrDb.Count} reconstructions");
                    if (depth == depths.Max())
                        curves.Add(($"n = {n}", Enumerable.Range(0, curve.SnrDb.Count).Select(i => (double)i).ToArray(), curve.SnrDb.ToArray()));
                }
                md.AppendLine($"| {kind} | {depth} | {string.Join(" | ", cells)} |");
            }
            Plots.Lines(Path.Combine(s.Out, $"snr-depth-{kind.ToString().ToLowerInvariant()}.png"),
                $"{kind}, {depths.Max()} blocks/stage: SNR of rebuilt activations (top → bottom)", "reconstruction step (from the output)", "SNR (dB)", curves);
        }

        md.AppendLine();
        md.AppendLine("Float32 gradient drift (recomputing backward in float32 vs autograd in float64, same weights, 4 images of 16×16, channels ÷4):");
        md.AppendLine();
        md.AppendLine("| model | blocks/stage | invertible layers | relative gradient error |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var kind in new[] { ArchitectureKind.LayerWise, ArchitectureKind.Hybrid })
            foreach (var depth in depths)
            {
                var arch = Architecture.Table31(kind, 3, 10, depth).Narrow(4);
                var r = GradientCheck.Compare(arch, float32, batch: 4, size: 16);
                var layers = new ReversibleNet(arch).modules().Count(m => m is global::Zsl.RevNet.Layers.InvertibleConv or global::Zsl.RevNet.Layers.InvertibleBatchNorm { Plain: false } or global::Zsl.RevNet.Layers.InvertibleLeakyRelu);
                md.AppendLine($"| {kind} | {depth} | {layers} | {r.GlobalRelativeError:E2} |");
                Console.WriteLine($"{kind} ×{depth}: float32 gradient relative error {r.GlobalRelativeError:E2}");
            }
        if (s.Markdown is { } path) File.WriteAllText(path, md.ToString());
        Console.WriteLine($"plots in {s.Out}");
        return 0;
    }
}
