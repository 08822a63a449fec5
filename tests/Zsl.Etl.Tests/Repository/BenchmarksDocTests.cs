using System.Diagnostics;
using System.Text.RegularExpressions;
using Zsl.TestKit;

namespace Zsl.Etl.Tests.Repository;

/// <summary>
/// docs/benchmarks.md holds the current figure of every benchmark in one layout, and the bench scripts that rewrite its
/// sections find them.
/// </summary>
public class BenchmarksDocTests
{
    private static readonly string Doc = Path.Combine(TestPaths.RepoRoot, "docs", "benchmarks.md");

    private static IReadOnlyDictionary<string, string> Sections(string text) =>
        Regex.Matches(text, @"^## ([^\n]+)\n(.*?)(?=^## |\z)", RegexOptions.Singleline | RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value.Trim(), m => m.Groups[2].Value);

    [Fact]
    public void Every_benchmark_has_a_table_its_command_machine_date_and_how_to_reproduce()
    {
        var sections = Sections(File.ReadAllText(Doc));
        Assert.True(sections.Count >= 8, $"{sections.Count} sections");
        foreach (var (heading, body) in sections)
        {
            Assert.Matches(new Regex(@"^\|.*\|\n\|[-:| ]+\|\n", RegexOptions.Multiline), body);
            // the words, not a fixed format: sections are written by different scripts
            foreach (var field in new[] { "command", "machine", "date", "reproduce" })
                Assert.True(Regex.IsMatch(body, $@"\b{field}\b", RegexOptions.IgnoreCase), $"section '{heading}' does not say its {field}");
            Assert.DoesNotMatch(new Regex(@"^#{3,} Notes", RegexOptions.Multiline), body);
        }
    }

    /// <summary>Each script rewrites "## HEADING" through lib.sh's replace_section: every heading it names is in the doc.</summary>
    [Fact]
    public void Every_bench_script_finds_its_section()
    {
        var doc = File.ReadAllText(Doc);
        var scripts = Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "tools", "bench"), "*.sh", SearchOption.AllDirectories).ToArray();
        var headings = scripts.SelectMany(s => Regex.Matches(File.ReadAllText(s), @"replace_section docs/benchmarks\.md ""([^""]+)""").Select(m => m.Groups[1].Value)).ToArray();
        Assert.True(headings.Length >= 8, $"{headings.Length} sections written by {scripts.Length} scripts");
        // A heading with a shell variable ("CIFAR-10 in 60 minutes: $ARCH") names one section per value: at least one must be there.
        foreach (var heading in headings)
        {
            var pattern = string.Join("[^\n]+", Regex.Split(heading, @"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?").Select(Regex.Escape));
            Assert.Matches(new Regex($"\n## {pattern}\n"), doc);
        }
    }

    /// <summary>lib.sh's replace_section rewrites one section of the doc and leaves the others byte for byte.</summary>
    [Fact]
    public void Replacing_a_section_keeps_the_others()
    {
        var dir = TestPaths.NewTempDirectory();
        var copy = Path.Combine(dir, "benchmarks.md");
        File.Copy(Doc, copy);
        var content = Path.Combine(dir, "content.md");
        File.WriteAllText(content, "| figure | value | anchor |\n|---|---|---|\n| speed | 1 s | 2 s |\n\nCommand: `x`.\n");
        var start = new ProcessStartInfo("bash", ["-c", $"source tools/bench/lib.sh && replace_section '{copy}' 'KGE kernels' '{content}'"])
        {
            WorkingDirectory = TestPaths.RepoRoot, RedirectStandardError = true,
        };
        using (var process = Process.Start(start)!)
        {
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
        }
        var before = Sections(File.ReadAllText(Doc));
        var after = Sections(File.ReadAllText(copy));
        Assert.Equal(before.Keys, after.Keys);
        foreach (var heading in before.Keys.Where(h => h != "KGE kernels")) Assert.Equal(before[heading].TrimEnd(), after[heading].TrimEnd());
        Assert.Equal(File.ReadAllText(content).Trim(), after["KGE kernels"].Trim());
        Directory.Delete(dir, true);
    }

    /// <summary>The project's files speak of the project, never of who worked on it and when.</summary>
    [Fact]
    public void No_file_speaks_of_sessions()
    {
        string[] skipped = ["artifacts", ".git", "data", "bin", "obj", "node_modules"];
        var offenders = new List<string>();
        var pending = new Stack<string>([TestPaths.RepoRoot]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
                if (!skipped.Contains(Path.GetFileName(sub))) pending.Push(sub);
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                if (new FileInfo(file).Length > 4 << 20) continue;
                var text = File.ReadAllText(file);
                if (text.Contains('\0')) continue;
                foreach (Match m in Regex.Matches(text, @"\bsessions?\b", RegexOptions.IgnoreCase))
                    offenders.Add($"{Path.GetRelativePath(TestPaths.RepoRoot, file)}: ...{text.Substring(Math.Max(0, m.Index - 30), Math.Min(60, text.Length - Math.Max(0, m.Index - 30)))}...");
            }
        }
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }
}
