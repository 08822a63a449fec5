using ScottPlot;

namespace Zsl.Evaluation;

/// <summary>The report's figures (ScottPlot PNGs, written through a temporary file).</summary>
public static class Plots
{
    private static void Save(Plot plot, string path, int width = 800, int height = 500)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileNameWithoutExtension(path)}.tmp-{Environment.ProcessId}.png");
        try
        {
            plot.SavePng(temp, width, height);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void TopK(string path, TopK zsl, TopK unseen, TopK? seen, IReadOnlyDictionary<string, double>? harmonic, string model)
    {
        var plot = new Plot();
        var ks = Evaluator.Ks;
        var series = new List<(string Label, double[] Values)> { ("ZSL", ks.Select(k => 100 * zsl.Accuracy[k.ToString()]).ToArray()) };
        series.Add(("GZSL unseen", ks.Select(k => 100 * unseen.Accuracy[k.ToString()]).ToArray()));
        if (seen is not null) series.Add(("GZSL seen", ks.Select(k => 100 * seen.Accuracy[k.ToString()]).ToArray()));
        if (harmonic is not null) series.Add(("GZSL harmonic", ks.Select(k => 100 * harmonic[k.ToString()]).ToArray()));
        var palette = new ScottPlot.Palettes.Category10();
        var width = 0.8 / series.Count;
        for (var s = 0; s < series.Count; s++)
        {
            var bars = series[s].Values.Select((v, i) => new Bar { Position = i + (s - (series.Count - 1) / 2.0) * width, Value = v, Size = width, FillColor = palette.GetColor(s) }).ToList();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Label, FillColor = palette.GetColor(s) });
        }
        plot.Axes.Bottom.SetTicks(ks.Select((_, i) => (double)i).ToArray(), ks.Select(k => $"top-{k}").ToArray());
        plot.Axes.Left.Label.Text = "per-class mean accuracy (%)";
        plot.Axes.Margins(bottom: 0);
        plot.Title($"{model}: top-k accuracy");
        plot.ShowLegend(Alignment.UpperLeft);
        Save(plot, path);
    }

    public static void Breakdown(string path, ErrorBreakdown zsl, ErrorBreakdown gzsl, string model)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        string[] labels = ["true class", "parent", "child", "unrelated"];
        var rows = new[] { zsl, gzsl };
        for (var r = 0; r < rows.Length; r++)
        {
            double[] parts = [rows[r].True, rows[r].Parent, rows[r].Child, rows[r].Unrelated];
            double bottom = 0;
            for (var k = 0; k < parts.Length; k++)
            {
                plot.Add.Bars(new List<Bar> { new() { Position = r, ValueBase = bottom, Value = bottom + 100 * parts[k], FillColor = palette.GetColor(k), Size = 0.6 } });
                bottom += 100 * parts[k];
            }
        }
        for (var k = 0; k < labels.Length; k++) plot.Legend.ManualItems.Add(new LegendItem { LabelText = labels[k], FillColor = palette.GetColor(k) });
        plot.Axes.Bottom.SetTicks([0, 1], ["ZSL", "generalized ZSL"]);
        plot.Axes.Left.Label.Text = "top-1 predictions of test images (%)";
        plot.Title($"{model}: what the top-1 prediction is (figure 2.2)");
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
    }

    public static void AccuracyVersusStatistic(string path, string statistic, IReadOnlyList<SubSplit> splits, double? correlation, string model)
    {
        var plot = new Plot();
        var scatter = plot.Add.ScatterPoints(splits.Select(s => s.Statistic).ToArray(), splits.Select(s => 100 * s.Top1).ToArray());
        scatter.MarkerSize = 9;
        plot.Axes.Bottom.Label.Text = statistic == "structural_ratio" ? "structural ratio R of the sub-split" : $"mean {statistic} of the sub-split's classes";
        plot.Axes.Left.Label.Text = "top-1 accuracy (%)";
        plot.Title($"{model}: sub-splits of {splits.FirstOrDefault()?.Classes ?? 0} classes" + (correlation is { } r ? $", r = {r:F2}" : ""));
        Save(plot, path);
    }
}
