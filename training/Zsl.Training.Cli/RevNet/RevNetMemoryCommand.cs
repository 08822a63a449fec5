using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console.Cli;
using Zsl.RevNet.Memory;
using Zsl.RevNet.Models;

namespace Zsl.Training.Cli.RevNet;

public sealed class RevNetMemorySettings : CommandSettings
{
    [CommandOption("--arch <NAME>"), Description("resnet, revnet, irevnet, layerwise, hybrid, a comma-separated list of them, or all."), DefaultValue("all")]
    public string Arch { get; init; } = "all";

    [CommandOption("--blocks <N>"), Description("Blocks per stage of the analytic and measured models."), DefaultValue(2)]
    public int Blocks { get; init; } = 2;

    [CommandOption("--measure"), Description("Also measure: one training iteration per batch size, each in a fresh process (peak RSS).")]
    public bool Measure { get; init; }

    [CommandOption("--batches <LIST>"), Description("Batch sizes of the measurement."), DefaultValue("2,4,8,16")]
    public string Batches { get; init; } = "2,4,8,16";

    [CommandOption("--size <N>"), Description("Image height = width of the measurement."), DefaultValue(64)]
    public int Size { get; init; } = 64;

    [CommandOption("--width-divisor <N>"), Description("Measure narrower models (channels ÷ N); analytic figures are given for both widths."), DefaultValue(1)]
    public int WidthDivisor { get; init; } = 1;

    [CommandOption("--threads <N>"), Description("Torch threads of the probe processes."), DefaultValue(1)]
    public int Threads { get; init; } = 1;

    [CommandOption("--slice-elements <N>"), Description("Batch-separable recomputation runs on batch slices of at most N elements (0: whole batch)."), DefaultValue(65536L)]
    public long SliceElements { get; init; } = 65536;

    [CommandOption("--markdown <FILE>"), Description("Write the result table as Markdown.")]
    public string? Markdown { get; init; }

    [CommandOption("--plot <FILE>"), Description("Write a PNG bar chart of bytes per pixel.")]
    public string? Plot { get; init; }
}

public sealed class RevNetMemoryCommand : Command<RevNetMemorySettings>
{
    public override int Execute(CommandContext context, RevNetMemorySettings s, CancellationToken cancellation)
    {
        var kinds = s.Arch == "all"
            ? Enum.GetValues<ArchitectureKind>()
            : s.Arch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Architecture.ParseKind).ToArray();
        var batches = s.Batches.Split(',').Select(b => int.TryParse(b, out var v) && v > 0 ? v : throw new ArgumentException($"--batches: positive integers expected, got '{b}'")).ToArray();
        var rows = new List<Row>();
        foreach (var kind in kinds)
        {
            var full = Architecture.Table31(kind, 3, 10, s.Blocks);
            var fullEstimate = MemoryModel.Estimate(full, CountParameters(full));
            var measuredArch = s.WidthDivisor > 1 ? full.Narrow(s.WidthDivisor) : full;
            var measuredEstimate = s.WidthDivisor > 1 ? MemoryModel.Estimate(measuredArch, CountParameters(measuredArch)) : fullEstimate;
            Console.WriteLine($"{full}: {fullEstimate.Parameters:N0} parameters, M_θ {fullEstimate.ThetaBytes / 1e6:F1} MB, " +
                              $"M'_z {fullEstimate.ActivationBytesPerPixel:F0} + M'_g {fullEstimate.GradientBytesPerPixel:F0} = {fullEstimate.BytesPerPixel:F0} bytes/pixel " +
                              $"(thesis {fullEstimate.ThesisThetaBytes / 1e6:F1} MB, {fullEstimate.ThesisBytesPerPixel:F0} bytes/pixel); {fullEstimate.Terms}");
            Console.WriteLine($"  32 images of 240×240: {fullEstimate.Total(32, 240, 240) / 1e6:F0} MB");
            var row = new Row(kind, fullEstimate, measuredEstimate, null, null, null, []);
            if (s.Measure)
            {
                var probes = batches.Select(b => RunProbe(kind, b, s)).ToList();
                var pixels = probes.Select(p => (double)p.Batch * p.Size * p.Size).ToList();
                var (intercept, slope) = MemoryModel.Fit(pixels, probes.Select(p => (double)p.PeakBytes).ToList());
                var seconds = probes[^1].SecondsPerIteration;
                foreach (var p in probes)
                    Console.WriteLine($"  batch {p.Batch} × {p.Size}²: peak RSS {p.PeakBytes / 1e6:F1} MB, {p.SecondsPerIteration:F2} s/iteration");
                Console.WriteLine($"  measured {slope:F0} bytes/pixel (analytic {measuredEstimate.BytesPerPixel:F0} at width ÷{s.WidthDivisor}), intercept {intercept / 1e6:F0} MB");
                row = row with { MeasuredBytesPerPixel = slope, Intercept = intercept, SecondsPerIteration = seconds, Probes = probes };
            }
            rows.Add(row);
        }
        if (s.Markdown is { } md) File.WriteAllText(md, Markdown(rows, s, batches));
        if (s.Plot is { } png)
            Plots.Bars(png, "Training memory per input pixel", "bytes per pixel",
                rows.Select(r => r.Kind.ToString()).ToArray(),
                [
                    ("thesis (table 3.1)", rows.Select(r => r.Full.ThesisBytesPerPixel).ToArray()),
                    ($"analytic (width ÷{s.WidthDivisor})", rows.Select(r => (double?)r.Measured.BytesPerPixel).ToArray()),
                    ($"measured (width ÷{s.WidthDivisor})", rows.Select(r => r.MeasuredBytesPerPixel).ToArray()),
                ]);
        return 0;
    }

    private sealed record Row(ArchitectureKind Kind, MemoryEstimate Full, MemoryEstimate Measured, double? MeasuredBytesPerPixel, double? Intercept, double? SecondsPerIteration, IReadOnlyList<ProbeResult> Probes);

    private static long CountParameters(Architecture a)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var model = new ReversibleNet(a);
        return model.ParameterCount;
    }

    public static readonly IReadOnlyList<(string Name, string Value)> MallocSettings =
        [("MALLOC_MMAP_THRESHOLD_", "131072"), ("MALLOC_TRIM_THRESHOLD_", "131072"), ("MALLOC_ARENA_MAX", "1")];

    private static ProbeResult RunProbe(ArchitectureKind kind, int batch, RevNetMemorySettings s)
    {
        var dll = typeof(RevNetMemoryCommand).Assembly.Location;
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // glibc malloc of the probe: tensors above 128 KiB get their own mappings, returned to the system when freed;
        // free memory at the top of the heap is returned above 128 KiB; one arena (no per-thread arenas holding freed
        // blocks). RSS then follows live memory instead of what the allocator keeps for later.
        foreach (var (name, value) in MallocSettings) start.Environment[name] = value;
        foreach (var arg in new[] { dll, "revnet", "probe", "--arch", kind.ToString().ToLowerInvariant(), "--batch", batch.ToString(), "--size", s.Size.ToString(),
                     "--blocks", s.Blocks.ToString(), "--slice-elements", s.SliceElements.ToString(), "--width-divisor", s.WidthDivisor.ToString(), "--threads", s.Threads.ToString() })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the probe process");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"probe {kind} batch {batch} failed (exit {process.ExitCode}): {error.Split('\n').FirstOrDefault()}");
        return JsonSerializer.Deserialize<ProbeResult>(output.Trim().Split('\n')[^1])
               ?? throw new InvalidDataException($"probe {kind} batch {batch}: a JSON result line was expected, got '{output}'");
    }

    private static string Markdown(IReadOnlyList<Row> rows, RevNetMemorySettings s, int[] batches)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"Analytic figures: table 3.1 widths, {s.Blocks} block(s) per stage, float32 (bpe 4). " +
                      (s.Measure ? $"Measured: width ÷{s.WidthDivisor}, {s.Size}×{s.Size} random images, batches {string.Join(", ", batches)}, one fresh process per batch, " +
                                   $"peak RSS (VmHWM after a reset through /proc/self/clear_refs) of one SGD iteration after one warm-up iteration, {s.Threads} torch thread(s), " +
                                   $"glibc malloc {string.Join(" ", MallocSettings.Select(m => $"{m.Name}={m.Value}"))}, recomputation on batch slices of at most {s.SliceElements} elements; " +
                                   "bytes/pixel = least-squares slope of peak RSS against batch × pixels." : ""));
        sb.AppendLine();
        sb.AppendLine("| architecture | params | M_θ (MB) | thesis M_θ | analytic M'_z + M'_g (B/px) | thesis (B/px) | analytic at measured width | measured (B/px) | measured / analytic | s / iteration | time vs ResNet |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var resnetTime = rows.FirstOrDefault(r => r.Kind == ArchitectureKind.ResNet)?.SecondsPerIteration;
        foreach (var r in rows)
        {
            string F(double? v, string fmt) => v is null ? "–" : v.Value.ToString(fmt, inv);
            sb.AppendLine($"| {r.Kind} | {r.Full.Parameters / 1e6:F2}M | {r.Full.ThetaBytes / 1e6:F1} | {r.Full.ThesisThetaBytes / 1e6:F1} | " +
                          $"{r.Full.ActivationBytesPerPixel:F0} + {r.Full.GradientBytesPerPixel:F0} = {r.Full.BytesPerPixel:F0} | {r.Full.ThesisBytesPerPixel:F0} | " +
                          $"{r.Measured.BytesPerPixel:F0} | {F(r.MeasuredBytesPerPixel, "F0")} | {F(r.MeasuredBytesPerPixel / r.Measured.BytesPerPixel, "F2")} | " +
                          $"{F(r.SecondsPerIteration, "F2")} | {F(resnetTime is null ? null : r.SecondsPerIteration / resnetTime, "F2")} |");
        }
        var resnet = rows.FirstOrDefault(r => r.Kind == ArchitectureKind.ResNet);
        var hybrid = rows.FirstOrDefault(r => r.Kind == ArchitectureKind.Hybrid);
        if (resnet is not null && hybrid is not null)
        {
            sb.AppendLine();
            sb.AppendLine($"ResNet / hybrid bytes per pixel: analytic {resnet.Full.BytesPerPixel / hybrid.Full.BytesPerPixel:F2} (thesis {1928.0 / 352:F2})" +
                          (resnet.MeasuredBytesPerPixel is { } a && hybrid.MeasuredBytesPerPixel is { } b ? $", measured {a / b:F2}." : "."));
        }
        sb.AppendLine();
        sb.AppendLine("Analytic terms (elements per pixel at table 3.1 widths):");
        sb.AppendLine();
        foreach (var r in rows) sb.AppendLine($"- {r.Kind}: {r.Full.Terms}");
        return sb.ToString();
    }
}
