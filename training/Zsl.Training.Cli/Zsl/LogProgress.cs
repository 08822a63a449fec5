using System.Diagnostics;
using Zsl.Store;

namespace Zsl.Training.Cli.Zsl;

/// <summary>Progress of long ZSL work as timestamped lines on standard error (at most one a second per stage).</summary>
internal sealed class LogProgress : IProgress<StageProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private string? _stage;
    private TimeSpan _last = TimeSpan.MinValue;

    public void Report(StageProgress value)
    {
        var now = _clock.Elapsed;
        var stage = value.Stage.Split(',')[0];
        if (stage == _stage && now - _last < TimeSpan.FromSeconds(1) && value.Done != value.Total) return;
        _stage = stage;
        _last = now;
        var total = value.Total is { } t ? $"/{t:N0}" : "";
        Console.Error.WriteLine($"[{now:hh\\:mm\\:ss}] {value.Stage}: {value.Done:N0}{total} {value.Unit}");
    }
}
