namespace Zsl.Benchmark;

/// <summary>A fixed binning of r(c) values for text tables: [0, 0.5), [0.5, 1), ... [4.5, 5), 5+.</summary>
public static class RatioHistogram
{
    public sealed record Bin(string Label, double Low, double High, int Count);

    public static IReadOnlyList<Bin> Bins(IEnumerable<double> ratios, double width = 0.5, int count = 10)
    {
        var values = ratios.ToArray();
        var bins = new List<Bin>();
        for (var i = 0; i < count; i++)
        {
            double low = i * width, high = (i + 1) * width;
            bins.Add(new Bin($"[{low:0.0}, {high:0.0})", low, high, values.Count(v => v >= low && v < high)));
        }
        var top = count * width;
        bins.Add(new Bin($"{top:0.0}+", top, double.PositiveInfinity, values.Count(v => v >= top)));
        return bins;
    }
}
