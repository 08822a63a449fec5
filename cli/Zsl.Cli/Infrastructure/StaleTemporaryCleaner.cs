using Spectre.Console.Cli;
using Zsl.Store;

namespace Zsl.Cli.Infrastructure;

/// <summary>
/// Before any command runs: removes what killed runs left beside its database (<c>--db</c>) and its output
/// (<c>--out</c>), temporaries whose process is gone, and says so on standard error.
/// </summary>
public sealed class StaleTemporaryCleaner : ICommandInterceptor
{
    private static readonly string[] PathOptions = ["Db", "Out"];

    public void Intercept(CommandContext context, CommandSettings settings)
    {
        foreach (var name in PathOptions)
        {
            if (settings.GetType().GetProperty(name)?.GetValue(settings) is not string { Length: > 0 } path) continue;
            foreach (var stale in StaleTemporaries.Remove(path))
                Console.Error.WriteLine($"zsl: removed {stale.Path}, left by process {stale.ProcessId} that is no longer running");
        }
    }
}
