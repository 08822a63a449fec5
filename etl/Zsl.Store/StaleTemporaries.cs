using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Zsl.Store;

/// <summary>A temporary file or folder left by a run that ended without cleaning up, and the process that made it.</summary>
public sealed record StaleTemporary(string Path, int ProcessId);

/// <summary>
/// Stages write beside their target under names that carry their process id (<c>DB.tmp-PID</c>, <c>DB.pointers-PID</c>,
/// <c>DB.fts-PID</c>, <c>FILE.tmp-PID</c>, with SQLite's <c>-journal</c>, <c>-wal</c> and <c>-shm</c> sidecars) and remove
/// them when they finish or fail. A process killed outright (kill -9, power loss) leaves them behind; the next run
/// removes those whose process is gone, and only those: a temporary of a run still going on is left alone.
/// </summary>
public static partial class StaleTemporaries
{
    /// <summary>
    /// Removes the stale temporaries of <paramref name="target"/> (beside it), and, when it is a folder, those inside it.
    /// </summary>
    public static IReadOnlyList<StaleTemporary> Remove(string target)
    {
        var full = Path.GetFullPath(target);
        var removed = new List<StaleTemporary>();
        var directory = Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar));
        if (directory is not null && Directory.Exists(directory))
            removed.AddRange(RemoveIn(directory, Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar))));
        if (Directory.Exists(full)) removed.AddRange(RemoveIn(full, null));
        return removed;
    }

    private static IEnumerable<StaleTemporary> RemoveIn(string directory, string? owner)
    {
        var removed = new List<StaleTemporary>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            var match = TemporaryName().Match(Path.GetFileName(entry));
            if (!match.Success || (owner is not null && match.Groups["owner"].Value != owner)) continue;
            if (!int.TryParse(match.Groups["pid"].Value, out var pid) || IsRunning(pid)) continue;
            try
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
                removed.Add(new StaleTemporary(entry, pid));
            }
            catch (IOException) { }               // taken away meanwhile, or in use after all: not ours to force
            catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    /// <summary>Whether a process with this id exists (the one that made the temporary, or one that reused its id).</summary>
    public static bool IsRunning(int processId)
    {
        if (processId == Environment.ProcessId) return true;
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{processId}");
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\.?(?<owner>.+?)\.(?:tmp|pointers|fts|old)-(?<pid>\d{1,10})(?:\.[A-Za-z0-9]{1,8})?(?:-journal|-wal|-shm)?$")]
    private static partial Regex TemporaryName();
}
