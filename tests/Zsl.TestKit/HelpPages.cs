using System.Reflection;

namespace Zsl.TestKit;

/// <summary>Every help page of a Spectre.Console.Cli program: the root, then each command and subcommand it lists.</summary>
public static class HelpPages
{
    /// <summary>
    /// Runs <c>--help</c> for the root of <paramref name="program"/> and, recursively, for every command named in a
    /// COMMANDS section; returns each command path with its exit code and output (standard output + error).
    /// </summary>
    public static async Task<IReadOnlyList<(string Command, int Exit, string Output)>> CollectAsync(Assembly program)
    {
        var pages = new List<(string, int, string)>();
        var queue = new Queue<string[]>([[]]);
        while (queue.Count > 0)
        {
            var path = queue.Dequeue();
            var (exit, output, error) = await InProcessCli.RunAsync(program, [.. path, "--help"]);
            pages.Add((string.Join(' ', path), exit, output + error));
            foreach (var sub in Commands(output)) queue.Enqueue([.. path, sub]);
        }
        return pages;
    }

    /// <summary>The command names of the COMMANDS section of a help page.</summary>
    public static IEnumerable<string> Commands(string help)
    {
        var inCommands = false;
        foreach (var line in help.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.TrimEnd() == "COMMANDS:") { inCommands = true; continue; }
            if (!inCommands) continue;
            if (line.Trim().Length == 0 || !char.IsWhiteSpace(line[0])) { inCommands = false; continue; }
            // "    name <ARG>    description": a name starts at the section's indentation; wrapped descriptions go deeper
            var indent = line.Length - line.TrimStart().Length;
            if (indent > 4) continue;
            yield return line.TrimStart().Split(' ')[0];
        }
    }
}
