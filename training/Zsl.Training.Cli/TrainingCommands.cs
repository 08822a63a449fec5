using Spectre.Console.Cli;
using Zsl.Training.Cli.Commands.Embeddings;

namespace Zsl.Training.Cli;

/// <summary>The training command tree: ./zsl train ..., ./zsl zsl ..., ./zsl revnet ... Each area adds its branch here.</summary>
public static class TrainingCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("train", train =>
        {
            train.SetDescription("Train semantic embeddings (knowledge-graph, Poincaré, word vectors).");
            EmbeddingCommands.Register(train);
        });
        config.AddBranch("revnet", RevNet.RevNetCommands.Register);
    }
}
