using Spectre.Console.Cli;
using Zsl.Training.Cli.Commands.Embeddings;
using Zsl.Training.Cli.Zsl;

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
        config.AddBranch("zsl", zsl =>
        {
            zsl.SetDescription("Train and evaluate zero-shot models (ESZSL, ConSE, DeViSE, GCN, the trivial solution).");
            zsl.AddCommand<ZslTrainCommand>("train")
                .WithDescription("Train a ZSL model on streamed visual features, class embeddings and a split.")
                .WithExample("zsl", "train", "--model", "eszsl", "--features", "train.parquet", "--embeddings", "embeddings.parquet", "--split", "split", "--out", "models/eszsl");
            zsl.AddCommand<ZslEvalCommand>("eval")
                .WithDescription("Evaluate a model: top-k ZSL and generalized ZSL, error breakdown, sub-splits by class statistic (report.json + PNGs).")
                .WithExample("zsl", "eval", "--model", "models/eszsl", "--features", "eval.parquet", "--db", "data/zsl.sqlite", "--out", "reports/eszsl");
            zsl.AddCommand<ZslRatioTableCommand>("ratio-table")
                .WithDescription("Table and plot of every model's zero-shot accuracy against the structural ratio R of each partition (make bench-zsl-images).")
                .WithExample("zsl", "ratio-table", "--runs", "data/zsl-images");
            zsl.AddCommand<ZslSynthCommand>("synth")
                .WithDescription("Generate a synthetic ZSL benchmark with a known generating process over real WordNet classes.")
                .WithExample("zsl", "synth", "--db", "data/zsl.sqlite", "--train", "ilsvrc2012_wnids.txt", "--kind", "low-r", "--out", "data/synthetic/low-r");
            zsl.AddCommand<ZslSynthFeaturesCommand>("synth-features")
                .WithDescription("Stream synthetic visual features to Parquet (scale benchmarks).");
        });
    }
}
