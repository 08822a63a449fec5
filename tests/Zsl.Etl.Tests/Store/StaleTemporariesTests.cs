using System.Diagnostics;
using Zsl.Etl.Tests.Cli;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Etl.Tests.Store;

[Collection(nameof(ConsoleCollection))]
public class StaleTemporariesTests
{
    /// <summary>The id of a process that has ended.</summary>
    private static int EndedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.False(StaleTemporaries.IsRunning(process.Id));
        return process.Id;
    }

    [Fact]
    public void Only_temporaries_of_ended_processes_are_removed()
    {
        var dir = TestPaths.NewTempDirectory();
        var dead = EndedProcessId();
        string[] stale = [$"zsl.sqlite.tmp-{dead}", $"zsl.sqlite.tmp-{dead}-journal", $"zsl.sqlite.pointers-{dead}", $"zsl.sqlite.fts-{dead}-wal"];
        string[] kept = ["zsl.sqlite", "zsl.sqlite.tmp-1", $"zsl.sqlite.tmp-{Environment.ProcessId}", $"other.sqlite.tmp-{dead}", "zsl.sqlite.tmp-x", $"zsl.sqlite.backup-{dead}", "notes.txt"];
        foreach (var name in stale.Concat(kept)) File.WriteAllText(Path.Combine(dir, name), name);
        Directory.CreateDirectory(Path.Combine(dir, "parquet", $"synsets.parquet.tmp-{dead}"));
        File.WriteAllText(Path.Combine(dir, "parquet", $"lemmas.parquet.tmp-{dead}"), "");
        File.WriteAllText(Path.Combine(dir, "parquet", "lemmas.parquet"), "");

        var removed = StaleTemporaries.Remove(Path.Combine(dir, "zsl.sqlite"));
        Assert.Equal(stale.Order(), removed.Select(r => Path.GetFileName(r.Path)).Order());
        Assert.All(removed, r => Assert.Equal(dead, r.ProcessId));
        Assert.Equal(kept.Order(), Directory.GetFiles(dir).Select(Path.GetFileName).Order());

        removed = StaleTemporaries.Remove(Path.Combine(dir, "parquet"));
        Assert.Equal([$"lemmas.parquet.tmp-{dead}", $"synsets.parquet.tmp-{dead}"], removed.Select(r => Path.GetFileName(r.Path)).Order());
        Assert.Equal(["lemmas.parquet"], Directory.GetFileSystemEntries(Path.Combine(dir, "parquet")).Select(Path.GetFileName));
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task A_stage_killed_with_SIGKILL_leaves_temporaries_that_the_next_run_removes_and_reports()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "zsl.sqlite");
        var cli = typeof(Program).Assembly.Location;
        using var stage = Process.Start(new ProcessStartInfo("dotnet", ["exec", cli, "etl", "wordnet", "--db", db, "--source", TestPaths.WordNetSource])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        string[] leftovers = [$"{db}.tmp-{stage.Id}", $"{db}.pointers-{stage.Id}"];
        var clock = Stopwatch.StartNew();
        while (!leftovers.All(File.Exists) && !stage.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(10);
        stage.Kill(); // SIGKILL: no finally block runs
        await stage.WaitForExitAsync();
        Assert.All(leftovers, path => Assert.True(File.Exists(path), $"{path} was not left behind"));
        File.WriteAllText($"{db}.pointers-1", "a run that is still going on"); // process 1 is always running

        var (exit, _, error) = await InProcessCli.RunAsync(typeof(Program).Assembly, "etl", "wordnet", "--db", db, "--source", TestPaths.WordNetSource);
        Assert.Equal(0, exit);
        foreach (var path in leftovers)
        {
            Assert.Contains($"removed {path}, left by process {stage.Id} that is no longer running", error);
            Assert.False(File.Exists(path), $"{path} is still there");
        }
        Assert.Equal(["zsl.sqlite", "zsl.sqlite.pointers-1"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        Directory.Delete(dir, true);
    }
}
