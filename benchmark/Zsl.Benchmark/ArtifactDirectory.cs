namespace Zsl.Benchmark;

/// <summary>Writes a folder of artifacts atomically: into a temporary sibling, moved into place only when complete.</summary>
public static class ArtifactDirectory
{
    public static void Write(string path, Action<string> fill)
    {
        var full = Path.GetFullPath(path.TrimEnd('/', Path.DirectorySeparatorChar));
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        var temp = $"{full}.tmp-{Environment.ProcessId}";
        var old = $"{full}.old-{Environment.ProcessId}";
        if (Directory.Exists(temp)) Directory.Delete(temp, true);
        Directory.CreateDirectory(temp);
        try
        {
            fill(temp);
            if (File.Exists(full)) throw new IOException($"{full} exists and is a file, not an artifact folder");
            if (Directory.Exists(full)) Directory.Move(full, old);
            Directory.Move(temp, full);
            if (Directory.Exists(old)) Directory.Delete(old, true);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, true);
            if (Directory.Exists(old) && !Directory.Exists(full)) Directory.Move(old, full);
        }
    }

    /// <summary>Writes text with '\n' line ends and UTF-8 without BOM, whatever the platform.</summary>
    /// <summary>Writes one file through a temporary sibling moved into place, so that a failure leaves no half-written file.</summary>
    public static void WriteFileAtomically(string path, string text)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".tmp-{Environment.ProcessId}";
        try
        {
            WriteText(temp, text);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void WriteText(string path, string text) => File.WriteAllText(path, text.ReplaceLineEndings("\n"), new System.Text.UTF8Encoding(false));

    public static void WriteLines(string path, IEnumerable<string> lines) => WriteText(path, string.Concat(lines.Select(l => l + "\n")));
}
