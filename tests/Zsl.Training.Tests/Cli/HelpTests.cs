using Zsl.TestKit;

namespace Zsl.Training.Tests.Cli;

/// <summary>The training program's help pages (./zsl train, ./zsl zsl, ./zsl revnet), walked in process.</summary>
public class HelpTests
{
    [Fact]
    public async Task Help_explains_every_command_and_subcommand()
    {
        var pages = await HelpPages.CollectAsync(typeof(Zsl.Training.Cli.TrainingCommands).Assembly);
        foreach (var (command, exit, output) in pages)
        {
            Assert.True(exit == 0, $"zsl {command} --help exits {exit}: {output}");
            Assert.Contains("USAGE", output);
            Assert.DoesNotContain("error:", output);
        }
        var commands = pages.Select(p => p.Command).ToHashSet();
        foreach (var expected in new[] { "train", "train kge", "train poincare", "zsl", "zsl train", "zsl eval", "revnet", "revnet train" })
            Assert.Contains(expected, commands);
    }
}
