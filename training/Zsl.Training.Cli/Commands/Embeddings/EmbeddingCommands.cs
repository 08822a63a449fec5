using Spectre.Console.Cli;

namespace Zsl.Training.Cli.Commands.Embeddings;

/// <summary>The semantic-embedding commands under ./zsl train.</summary>
public static class EmbeddingCommands
{
    public static void Register(IConfigurator<CommandSettings> train)
    {
        train.AddCommand<TrainKgeCommand>("kge")
            .WithDescription("Knowledge-graph embeddings: TransE, TransE*, DistMult, ConvE; filtered MRR and Hits@k.");
        train.AddCommand<KernelBenchmarkCommand>("kge-kernels")
            .WithDescription("Benchmark: the hand-written KGE kernels (L1 distance, fused Adam) against the TorchSharp code they replace.");
        train.AddCommand<TrainPoincareCommand>("poincare")
            .WithDescription("Poincaré embeddings of the noun hierarchy's transitive closure; reconstruction mean rank and MAP.");
        train.AddCommand<ClassVectorsCommand>("class-vectors")
            .WithDescription("Class vectors from WordNet lemmas and pre-trained word vectors (GloVe, word2vec, fastText); coverage report.");
        train.AddCommand<GlossVectorsCommand>("gloss-vectors")
            .WithDescription("Gloss embeddings: mean word vector of each WordNet definition.");
        train.AddCommand<PrimaryMeaningCommand>("primary-meaning")
            .WithDescription("Primary-meaning test: the sense whose hierarchy neighbours are closest to the lemma's word vector.");
    }
}
