using Spectre.Console.Cli;

namespace Zsl.Training.Cli.Commands.Embeddings;

/// <summary>The semantic-embedding commands under ./zsl train.</summary>
public static class EmbeddingCommands
{
    public static void Register(IConfigurator<CommandSettings> train)
    {
        train.AddCommand<TrainKgeCommand>("kge")
            .WithDescription("Knowledge-graph embeddings: TransE, TransE*, DistMult, ConvE; filtered MRR and Hits@k.");
        train.AddCommand<TrainPoincareCommand>("poincare")
            .WithDescription("Poincaré embeddings of the noun hierarchy's transitive closure; reconstruction mean rank and MAP.");
    }
}
