using ScottPlot;

namespace Zsl.RevNet.Memory;

/// <summary>PNG charts (ScottPlot 5).</summary>
public static class Plots
{
    /// <summary>Grouped bars: per architecture, one bar per series (e.g. thesis, analytic, measured bytes per pixel).</summary>
    public static void Bars(string path, string title, string yLabel, IReadOnlyList<string> groups, IReadOnlyList<(string Name, double?[] Values)> series)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var width = 0.8 / series.Count;
        for (var k = 0; k < series.Count; k++)
        {
            var bars = new List<Bar>();
            for (var i = 0; i < groups.Count; i++)
                if (series[k].Values[i] is { } v)
                    bars.Add(new Bar { Position = i + (k - (series.Count - 1) / 2.0) * width, Value = v, Size = width * 0.95, FillColor = palette.GetColor(k) });
            var bp = plot.Add.Bars(bars);
            bp.LegendText = series[k].Name;
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, groups.Count).Select(i => (double)i).ToArray(), groups.ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
    }

    /// <summary>Line chart of several (x, y) series.</summary>
    public static void Lines(string path, string title, string xLabel, string yLabel, IReadOnlyList<(string Name, double[] X, double[] Y)> series, bool markersOnly = false)
    {
        var plot = new Plot();
        foreach (var (name, x, y) in series)
        {
            var sc = plot.Add.Scatter(x, y);
            sc.LegendText = name;
            if (markersOnly) sc.LineWidth = 0;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
    }

    private static void Save(Plot plot, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + ".tmp.png";
        plot.SavePng(tmp, 800, 500);
        File.Move(tmp, path, overwrite: true);
    }
}
