using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Models.Models;

namespace Zsl.Training.Cli.Zsl;

public sealed class ZslTrainCommand : AsyncCommand<ZslTrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <NAME>")]
        [Description("eszsl, conse, devise, gcn or trivial (section 2.5: one-hot classes, unseen = nearest seen class by WordNet distance).")]
        public string Model { get; init; } = "eszsl";

        [CommandOption("--features <FILE>")]
        [Description("Visual features of the training images: Parquet (image_id, wnid, feature) or .npz (features, wnids[[, image_ids]]).")]
        public string Features { get; init; } = "";

        [CommandOption("--split <DIR>")]
        [Description("Split folder with train_wnids.txt and test_wnids.txt (one wnid a line).")]
        public string Split { get; init; } = "";

        [CommandOption("--embeddings <FILE>")]
        [Description("Class embeddings Parquet (wnid, vector); required except for trivial.")]
        public string? Embeddings { get; init; }

        [CommandOption("--db <PATH>")]
        [Description("WordNet SQLite database (gcn, trivial).")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--out <DIR>")]
        [Description("Model folder to write (model.json, prototypes.parquet, projection.npy).")]
        public string Out { get; init; } = "data/models/eszsl";

        [CommandOption("--seed <N>")] [Description("Random seed (validation classes, initialisation, shuffling).")]
        public int Seed { get; init; } = 1;

        [CommandOption("--batch-size <N>")] [Description("Images per streamed batch.")]
        public int BatchSize { get; init; } = 1024;

        [CommandOption("--validation-fraction <F>")] [Description("ESZSL/trivial: share of training classes held out to choose γ and λ.")]
        public double ValidationFraction { get; init; } = 0.2;

        [CommandOption("--gamma <LIST>")] [Description("ESZSL: γ grid, comma-separated, relative to the mean eigenvalue of XXᵀ (one value = no search).")]
        public string? Gamma { get; init; }

        [CommandOption("--lambda <LIST>")] [Description("ESZSL: λ grid, comma-separated, relative to the mean eigenvalue of SSᵀ (one value = no search).")]
        public string? Lambda { get; init; }

        [CommandOption("--labels <KIND>")] [Description("ESZSL/trivial label matrix Y: onehot ({0, 1}, default) or signed ({-1, 1}, as in the paper: without a bias term it asks zero-mean features for a constant output).")]
        public string Labels { get; init; } = "onehot";

        [CommandOption("--epochs <N>")] [Description("Epochs of the seen-class softmax (conse, gcn) and of devise.")]
        public int Epochs { get; init; } = 20;

        [CommandOption("--lr <F>")] [Description("Adam learning rate (softmax classifier, devise).")]
        public double LearningRate { get; init; } = 1e-3;

        [CommandOption("--margin <F>")] [Description("DeViSE hinge rank loss margin.")]
        public double Margin { get; init; } = 0.1;

        [CommandOption("--top <T>")] [Description("ConSE: number of top seen classes combined.")]
        public int Top { get; init; } = 10;

        [CommandOption("--gcn <FORM>")] [Description("GCN form: gcnz (6 layers), gcn2 (2 layers) or adgpm (dense ancestor/descendant propagation).")]
        public string GcnForm { get; init; } = "gcnz";

        [CommandOption("--hidden <LIST>")] [Description("GCN hidden widths, comma-separated (default 2048,2048,1024,1024,512 for gcnz, 2048 otherwise).")]
        public string? Hidden { get; init; }

        [CommandOption("--gcn-epochs <N>")] [Description("GCN training epochs.")]
        public int GcnEpochs { get; init; } = 300;

        [CommandOption("--gcn-lr <F>")] [Description("GCN Adam learning rate.")]
        public double GcnLearningRate { get; init; } = 1e-3;

        [CommandOption("--dropout <F>")] [Description("GCN dropout before each layer.")]
        public double Dropout { get; init; } = 0.5;

        [CommandOption("--classifier <FILE>")] [Description("GCN: seen-class classifier weights Parquet (wnid, vector of the feature dimension); default: trained here.")]
        public string? Classifier { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (s.Features.Length == 0) throw new ArgumentException("--features is required");
        if (s.Split.Length == 0) throw new ArgumentException("--split is required");
        var options = new TrainOptions
        {
            Model = s.Model, Features = s.Features, Split = s.Split, Embeddings = s.Embeddings,
            Database = s.Model is "gcn" or "trivial" ? s.Db : null, Seed = s.Seed, BatchSize = s.BatchSize,
            ValidationFraction = s.ValidationFraction, SignedLabels = s.Labels switch { "signed" => true, "onehot" => false, _ => throw new ArgumentException($"--labels: expected signed or onehot, found '{s.Labels}'") }, Epochs = s.Epochs, LearningRate = s.LearningRate, Margin = s.Margin,
            ConseTop = s.Top, GcnForm = s.GcnForm, GcnEpochs = s.GcnEpochs, GcnLearningRate = s.GcnLearningRate, Dropout = s.Dropout, Classifier = s.Classifier,
            Hidden = s.Hidden is null ? null : ParseList(s.Hidden, "--hidden").Select(v => (int)v).ToArray(),
            GammaGrid = s.Gamma is null ? new TrainOptions { Model = "", Features = "", Split = "" }.GammaGrid : ParseList(s.Gamma, "--gamma"),
            LambdaGrid = s.Lambda is null ? new TrainOptions { Model = "", Features = "", Split = "" }.LambdaGrid : ParseList(s.Lambda, "--lambda"),
        };
        var model = await ZslTrainer.TrainAsync(options, new LogProgress(), cancellationToken);
        await model.SaveAsync(s.Out);
        AnsiConsole.MarkupLineInterpolated($"[green]trained[/] {model.Info.Model} on {model.Info.TrainClasses.Count} training classes ({model.Info.TestClasses.Count} test classes) -> {s.Out}");
        foreach (var (k, v) in model.Info.Hyperparameters.Concat(model.Info.Training))
            AnsiConsole.MarkupLineInterpolated($"  {k} = {v:G6}");
        return 0;
    }

    internal static double[] ParseList(string text, string option)
        => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 ? d
                : throw new ArgumentException($"{option}: expected comma-separated non-negative numbers, found '{v}'")).ToArray();
}
