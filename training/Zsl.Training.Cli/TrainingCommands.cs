using Spectre.Console.Cli;

namespace Zsl.Training.Cli;

/// <summary>The training command tree: ./zsl train ..., ./zsl zsl ..., ./zsl revnet ... Each area adds its branch here.</summary>
public static class TrainingCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("revnet", RevNet.RevNetCommands.Register);
    }
}
