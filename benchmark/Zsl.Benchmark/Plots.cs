using ScottPlot;

namespace Zsl.Benchmark;

/// <summary>The PNG figures of a published split (ScottPlot, fixed size, so reruns give the same bytes).</summary>
public static class Plots
{
    public const int Width = 900, Height = 540;

    /// <summary>Bars with a category label under each.</summary>
    public static void Bars(string path, string title, string xLabel, string yLabel, IReadOnlyList<string> labels,
                            IReadOnlyList<(string Legend, IReadOnlyList<double> Values)> series, bool rotateLabels = false)
    {
        var plot = new Plot();
        var groups = series.Count;
        var width = 0.8 / groups;
        var palette = new ScottPlot.Palettes.Category10();
        for (var s = 0; s < groups; s++)
        {
            var bars = labels.Select((_, i) => new Bar
            {
                Position = i - 0.4 + width * (s + 0.5),
                Value = series[s].Values[i],
                Size = width,
                FillColor = palette.GetColor(s),
            }).ToArray();
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = series[s].Legend;
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < labels.Count; i++) ticks.AddMajor(i, labels[i]);
        plot.Axes.Bottom.TickGenerator = ticks;
        if (rotateLabels)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 140;
        }
        plot.Axes.Margins(bottom: 0);
        if (groups > 1) plot.ShowLegend(Alignment.UpperRight);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.SavePng(path, Width, Height);
    }
}
