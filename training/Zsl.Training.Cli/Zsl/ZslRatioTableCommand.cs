using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Evaluation;
using Zsl.Models.Models;
using Zsl.RevNet.Training;

namespace Zsl.Training.Cli.Zsl;

public sealed class ZslRatioTableSettings : CommandSettings
{
    [CommandOption("--runs <DIR>"), Description("Folder of a partition run: partitions/partitions.json, partition-K/cnn.pt(.json), partition-K/baseline.json, partition-K/reports/<model>[[-<embedding>]]/report.json.")]
    public string Runs { get; init; } = "data/zsl-images";

    [CommandOption("--markdown <FILE>"), Description("Markdown table to write (one row per partition and model).")]
    public string Markdown { get; init; } = "data/zsl-images/table.md";

    [CommandOption("--plot <FILE>"), Description("PNG: ZSL top-1 against the structural ratio R, one line per model (mean over the class embeddings), chance as a line (thesis figure 2.4); FILE-<embedding>.png beside it per embedding when reports are named <model>-<embedding>.")]
    public string Plot { get; init; } = "data/zsl-images/accuracy-vs-r.png";

    [CommandOption("--summary <FILE>"), Description("Also a compact Markdown table: one row per model and embedding, ZSL top-1 and GZSL H per partition (columns by R), the CNN's seen-class accuracy and chance in the header rows.")]
    public string? Summary { get; init; }

    [CommandOption("--alpha <P>"), Description("Significance level of the test that a ZSL top-1 is above chance (one-sided exact binomial test of the top-1 hits among the unseen images against 1/classes); results that fail it are marked † in the summary and listed.")]
    public double Alpha { get; init; } = 0.05;

    public override ValidationResult Validate() =>
        Alpha is > 0 and < 1 ? ValidationResult.Success() : ValidationResult.Error($"--alpha must be between 0 and 1, got {Alpha}");
}

/// <summary>Collects the evaluation reports of every partition and model into one table and the accuracy-against-R plot.</summary>
public sealed class ZslRatioTableCommand : Command<ZslRatioTableSettings>
{
    public override int Execute(CommandContext context, ZslRatioTableSettings s, CancellationToken cancellation)
    {
        var partitionsFile = Path.Combine(s.Runs, "partitions", "partitions.json");
        if (!File.Exists(partitionsFile)) throw new FileNotFoundException($"partitions not found: {partitionsFile} (./zsl benchmark partition --out {Path.Combine(s.Runs, "partitions")})", partitionsFile);
        using var partitions = JsonDocument.Parse(File.ReadAllText(partitionsFile));
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("| partition | R | flaws (unseen-unseen / seen>unseen / unseen>seen) | CNN seen-class val top-1 | model | embedding | ZSL top-1 | p (top-1 > chance) | ZSL top-5 | GZSL u / s / H (top-1) | ZSL errors: parent / child / unrelated |");
        md.AppendLine("|---|---:|---|---:|---|---|---:|---:|---:|---|---|");
        // (model, embedding) → points; the trivial solution uses no embedding and appears in every embedding's plot.
        var series = new SortedDictionary<(string Model, string Embedding), List<(double R, double Top1)>>();
        var chance = new List<(double R, double Top1)>();
        var columns = new List<(string Name, double R, string Cnn)>();
        var cells = new Dictionary<(string Model, string Embedding, string Partition), (double Top1, double? H, double P)>();
        foreach (var p in partitions.RootElement.GetProperty("partitions").EnumerateArray())
        {
            var dir = Path.Combine(s.Runs, p.GetProperty("directory").GetString()!);
            var r = p.GetProperty("r").GetDouble();
            var flaws = p.GetProperty("flaws");
            var flawText = $"{flaws.GetProperty("test_ancestor_of_test").GetInt32()} / {flaws.GetProperty("train_ancestor_of_test").GetInt32()} / {flaws.GetProperty("test_ancestor_of_train").GetInt32()}";
            var cnn = Path.Combine(dir, "cnn.pt");
            var cnnAccuracy = File.Exists(CheckpointInfo.InfoPath(cnn)) && CheckpointInfo.Read(cnn) is { TestAccuracy: { } a } info
                ? $"{100 * a:F1} % ({info.ClassNames.Length} classes, {Baseline(dir)}chance {100.0 / info.ClassNames.Length:F1} %)" : "–";
            chance.Add((r, 100.0 / p.GetProperty("unseen").GetInt32()));
            columns.Add((p.GetProperty("directory").GetString()!, r, cnnAccuracy));
            var reports = Path.Combine(dir, "reports");
            if (!Directory.Exists(reports)) continue;
            foreach (var reportDir in Directory.GetDirectories(reports).Order(StringComparer.Ordinal))
            {
                var file = Path.Combine(reportDir, "report.json");
                if (!File.Exists(file)) continue;
                var report = JsonSerializer.Deserialize<EvaluationReport>(File.ReadAllText(file), ZslModel.Json)
                             ?? throw new InvalidDataException($"{file}: an evaluation report was expected");
                var run = Path.GetFileName(reportDir);
                var dash = run.IndexOf('-');
                var (model, embedding) = dash < 0 ? (run, "") : (run[..dash], run[(dash + 1)..]);
                var g = report.Generalized;
                var gzsl = g.Seen is { } seen && g.Harmonic is { } h
                    ? $"{100 * g.Unseen.Accuracy["1"]:F1} / {100 * seen.Accuracy["1"]:F1} / {100 * h["1"]:F1}" : $"{100 * g.Unseen.Accuracy["1"]:F1} / – / –";
                var b = report.ZslBreakdown;
                var errors = b is null ? "–" : $"{100 * b.Parent:F1} / {100 * b.Child:F1} / {100 * b.Unrelated:F1} %";
                var pValue = Chance.PValue(report.Zsl);
                md.AppendLine(string.Create(inv, $"| {p.GetProperty("directory").GetString()} | {r:F3} | {flawText} | {cnnAccuracy} | {model} | {(embedding.Length == 0 ? "–" : embedding)} | {100 * report.Zsl.Accuracy["1"]:F1} % | {PText(pValue)} | {100 * report.Zsl.Accuracy["5"]:F1} % | {gzsl} | {errors} |"));
                if (!series.TryGetValue((model, embedding), out var list)) series[(model, embedding)] = list = [];
                cells[(model, embedding, columns[^1].Name)] = (100 * report.Zsl.Accuracy["1"], g.Harmonic is { } hm ? 100 * hm["1"] : null, pValue);
                list.Add((r, 100 * report.Zsl.Accuracy["1"]));
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(s.Markdown))!);
        var tmp = s.Markdown + ".tmp";
        File.WriteAllText(tmp, md.ToString());
        File.Move(tmp, s.Markdown, overwrite: true);
        var chanceLine = ("chance", chance.Select(v => v.R).ToArray(), chance.Select(v => v.Top1).ToArray());
        var embeddings = series.Keys.Select(k => k.Embedding).Where(e => e.Length > 0).Distinct().Order(StringComparer.Ordinal).ToArray();
        // The summary plot averages each model over the embeddings (no embedding is picked by its unseen-class accuracy).
        var summary = series.GroupBy(kv => kv.Key.Model, StringComparer.Ordinal).Select(g =>
        {
            var byR = g.SelectMany(kv => kv.Value).GroupBy(v => v.R).OrderBy(v => v.Key).ToArray();
            var label = g.Key + (g.Count() > 1 ? $" (mean of {g.Count()} embeddings)" : "");
            return (label, byR.Select(v => v.Key).ToArray(), byR.Select(v => v.Average(x => x.Top1)).ToArray());
        }).Append(chanceLine).ToList();
        global::Zsl.RevNet.Memory.Plots.Lines(s.Plot, "Tiny ImageNet zero-shot: ZSL top-1 against the structural ratio R", "structural ratio R", "ZSL top-1 (%)", summary);
        var written = new List<string> { s.Markdown, s.Plot };
        if (embeddings.Length > 1)
            foreach (var embedding in embeddings)
            {
                var lines = series.Where(kv => kv.Key.Embedding == embedding || kv.Key.Embedding.Length == 0)
                    .Select(kv => (kv.Key.Model, kv.Value.Select(v => v.R).ToArray(), kv.Value.Select(v => v.Top1).ToArray())).Append(chanceLine).ToList();
                var plot = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(s.Plot))!, $"{Path.GetFileNameWithoutExtension(s.Plot)}-{embedding}.png");
                global::Zsl.RevNet.Memory.Plots.Lines(plot, $"Tiny ImageNet zero-shot with {embedding} class embeddings: ZSL top-1 against R", "structural ratio R", "ZSL top-1 (%)", lines);
                written.Add(plot);
            }
        if (s.Summary is { } summaryFile)
        {
            var table = new StringBuilder();
            table.AppendLine("| model | embedding | " + string.Join(" | ", columns.Select(c => string.Create(inv, $"R {c.R:F2}"))) + " |");
            table.AppendLine("|---|---|" + string.Concat(columns.Select(_ => "---:|")));
            table.AppendLine("| CNN, seen-class validation top-1 | – | " + string.Join(" | ", columns.Select(c => c.Cnn)) + " |");
            table.AppendLine("| chance, ZSL top-1 | – | " + string.Join(" | ", chance.Select(c => string.Create(inv, $"{c.Top1:F1} %"))) + " |");
            foreach (var (model, embedding) in series.Keys)
                table.AppendLine($"| {model} | {(embedding.Length == 0 ? "–" : embedding)} | " + string.Join(" | ", columns.Select(c =>
                    cells.TryGetValue((model, embedding, c.Name), out var v)
                        ? string.Create(inv, $"{v.Top1:F1} %{(v.P >= s.Alpha ? " †" : "")}{(v.H is { } h ? $" (H {h:F1})" : "")}") : "–")) + " |");
            table.AppendLine();
            table.AppendLine(string.Create(inv, $"† not above chance: one-sided exact binomial test of the top-1 hits among the unseen validation images against 1/classes, p ≥ {s.Alpha}."));
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(summaryFile))!);
            File.WriteAllText(summaryFile + ".tmp", table.ToString());
            File.Move(summaryFile + ".tmp", summaryFile, overwrite: true);
            written.Add(summaryFile);
        }
        Console.Write(md.ToString());
        var notAbove = cells.Where(c => c.Value.P >= s.Alpha).OrderBy(c => c.Key.Partition, StringComparer.Ordinal).ThenBy(c => c.Key.Model, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Embedding, StringComparer.Ordinal).ToArray();
        Console.WriteLine(string.Create(inv, $"{cells.Count - notAbove.Length} of {cells.Count} ZSL top-1 results above chance at p < {s.Alpha}")
                          + (notAbove.Length == 0 ? "" : "; not: " + string.Join(", ", notAbove.Select(c =>
                              string.Create(inv, $"{c.Key.Model}{(c.Key.Embedding.Length == 0 ? "" : "-" + c.Key.Embedding)} on {c.Key.Partition} ({c.Value.Top1:F1} %, p {PText(c.Value.P)})")))));
        Console.WriteLine($"wrote {string.Join(", ", written)}");
        return 0;
    }

    private static string PText(double p) => p < 1e-4 ? "< 0.0001" : p.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>"pixel nearest class mean 4.4 %, " from the partition's baseline.json ('revnet baseline --out'), or nothing.</summary>
    private static string Baseline(string partitionDir)
    {
        var file = Path.Combine(partitionDir, "baseline.json");
        if (!File.Exists(file)) return "";
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return string.Create(CultureInfo.InvariantCulture, $"pixel nearest class mean {100 * json.RootElement.GetProperty("testAccuracy").GetDouble():F1} %, ");
    }
}
