using System.Diagnostics;
using Spectre.Console;
using Zsl.Store;

namespace Zsl.Cli.Infrastructure;

/// <summary>
/// Shows the progress of long work: live progress bars when standard output is a terminal, plain
/// timestamped log lines (at most one a second per stage) when it is redirected to a file or pipe.
/// </summary>
public static class ProgressReporter
{
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static T Run<T>(string title, Func<IProgress<StageProgress>, T> work)
    {
        if (!Interactive)
        {
            var log = new LogLines(title);
            var result = work(log);
            log.Finish();
            return result;
        }
        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                     new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var bars = new Dictionary<string, ProgressTask>();
                var sink = new SynchronousProgress(p =>
                {
                    if (!bars.TryGetValue(p.Stage, out var bar))
                    {
                        foreach (var previous in bars.Values) FinishBar(previous);
                        bars[p.Stage] = bar = context.AddTask(Markup.Escape($"{title}: {p.Stage}"), maxValue: p.Total ?? 1);
                        bar.IsIndeterminate = p.Total is null;
                    }
                    if (p.Total is { } total) { bar.MaxValue = Math.Max(total, 1); bar.Value = p.Done; }
                    bar.Description = Markup.Escape($"{title}: {p.Stage} ({p.Done:N0} {p.Unit})");
                });
                var result = work(sink);
                foreach (var bar in bars.Values) FinishBar(bar);
                return result;
            });
    }

    public static void Run(string title, Action<IProgress<StageProgress>> work) => Run(title, p => { work(p); return 0; });

    /// <summary>Asynchronous work: it runs to completion inside the progress display.</summary>
    public static Task<T> Run<T>(string title, Func<IProgress<StageProgress>, Task<T>> work)
        => Task.FromResult(Run(title, progress => work(progress).GetAwaiter().GetResult()));

    private static void FinishBar(ProgressTask bar)
    {
        bar.IsIndeterminate = false;
        bar.Value = bar.MaxValue;
        bar.StopTask();
    }

    /// <summary>Unlike <see cref="Progress{T}"/>, reports on the calling thread, in order.</summary>
    private sealed class SynchronousProgress(Action<StageProgress> report) : IProgress<StageProgress>
    {
        public void Report(StageProgress value) => report(value);
    }

    private sealed class LogLines(string title) : IProgress<StageProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Dictionary<string, TimeSpan> _lastLine = new();
        private StageProgress? _last;

        public void Report(StageProgress value)
        {
            lock (_lastLine)
            {
                var now = _clock.Elapsed;
                var newStage = _last is null || _last.Value.Stage != value.Stage;
                if (newStage && _last is { } previous) Write(previous, done: true);
                if (newStage || now - _lastLine.GetValueOrDefault(value.Stage, TimeSpan.MinValue) >= TimeSpan.FromSeconds(1))
                {
                    _lastLine[value.Stage] = now;
                    if (!newStage) Write(value, done: false);
                }
                _last = value;
            }
        }

        public void Finish()
        {
            if (_last is { } last) Write(last, done: true);
        }

        private void Write(StageProgress p, bool done)
        {
            var amount = p.Total is { } total ? $"{p.Done:N0}/{total:N0}" : $"{p.Done:N0}";
            Console.Out.WriteLine($"[{_clock.Elapsed:hh\\:mm\\:ss}] {title}: {p.Stage} {amount} {p.Unit}{(done ? " done" : "")}");
        }
    }
}
