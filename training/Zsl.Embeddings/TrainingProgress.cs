namespace Zsl.Embeddings;

/// <summary>One epoch of a training run: what the CLI prints (epoch, loss, validation metric, ETA).</summary>
public sealed record TrainingProgress(
    string Model, int Epoch, int Epochs, double Loss, string? MetricName, double? Metric, double? BestMetric,
    TimeSpan Elapsed, TimeSpan? Eta, string? Note = null)
{
    public override string ToString()
    {
        var metric = Metric is { } m ? $"  {MetricName} {m:F4} (best {BestMetric:F4})" : "";
        var eta = Eta is { } e ? $"  ETA {Format(e)}" : "";
        return $"{Model} epoch {Epoch}/{Epochs}  loss {Loss:G5}{metric}  elapsed {Format(Elapsed)}{eta}{(Note is null ? "" : "  " + Note)}";
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : $"{t.Minutes}m{t.Seconds:D2}s";
}
