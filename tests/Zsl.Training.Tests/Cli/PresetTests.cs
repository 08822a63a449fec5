using System.Text.RegularExpressions;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Embeddings.Kge;
using Zsl.Embeddings.Poincare;
using Zsl.Training.Cli;
using Zsl.Training.Cli.Commands.Embeddings;

namespace Zsl.Training.Tests.Cli;

/// <summary>The recorded recipes are presets of the training CLI: each equals the option list its benchmark run used.</summary>
public class PresetTests
{
    // The option lists tools/bench/long/kge.sh passed for the runs recorded in docs/benchmarks.md, budgets included.
    public static TheoryData<string, string> RecordedKgeRuns => new()
    {
        { "distmult", "--model distmult --loss softmax --scoring shared --negatives 4096 --embedding-dropout 0.3 --dim 200 --lr 0.003 --batch-size 512 --epochs 200 --eval-every 1 --patience 4 --max-minutes 24" },
        { "distmult-1n", "--model distmult --loss softmax --scoring 1-n --embedding-dropout 0.3 --dim 200 --lr 0.01 --batch-size 512 --epochs 200 --eval-every 1 --patience 3 --max-minutes 44" },
        { "conve", "--model conve --loss softmax --scoring 1-n --matmul-precision bfloat16 --dropout 0.2 --dim 200 --lr 0.003 --batch-size 320 --distinct-queries --distinct-weight fact --weight-average 0.999 --epochs 200 --eval-every 1 --patience 10 --max-minutes 58" },
        { "transe", "--model transe --loss self-adversarial --scoring shared --negatives 1024 --adversarial-temperature 0.5 --norm 1 --margin 6 --subsampling --init-range 0.04 --no-unit-ball --dim 200 --lr 0.0005 --lr-decay 0.5 --lr-patience 2 --batch-size 512 --epochs 200 --eval-every 2 --patience 6 --max-minutes 56" },
        { "transe-star", "--model transe-star --margin 0.5 --negatives 64 --dim 200 --lr 0.003 --batch-size 512 --epochs 200 --eval-every 2 --patience 3 --max-minutes 25" },
    };

    public static TheoryData<string, string> RecordedPoincareRuns => new()
    {
        { "nouns", "--dim 10 --epochs 300 --batch-size 64 --lr 0.2 --burn-in 5 --final-lr-factor 0 --eval-every 20 --eval-nodes 2000 --final-eval-nodes 0 --max-minutes 24" },
        { "mammal", "--root mammal.n.01 --no-instances --dim 10 --epochs 300 --eval-every 10 --max-minutes 25" },
    };

    private const string Data = "--triples ../shared/data/kg/WN18RR --db data/zsl.sqlite --threads 2 --seed 1";

    [Theory]
    [MemberData(nameof(RecordedKgeRuns))]
    public void A_kge_preset_is_the_recorded_option_list(string preset, string recorded)
    {
        // the recorded list on top of the plain defaults (what the command's defaults were when the run was made)
        var explicitly = TrainKgeCommand.Options(Parse<TrainKgeCommand.Settings>($"{recorded} {Data} --preset none"));
        var byName = TrainKgeCommand.Options(Parse<TrainKgeCommand.Settings>($"--preset {preset} {Data}"));
        Assert.Equal(explicitly, byName);
        Assert.Equal(KgePresets.Get(preset).Options with { Threads = 2 }, byName);
    }

    [Theory]
    [MemberData(nameof(RecordedPoincareRuns))]
    public void A_poincare_preset_is_the_recorded_option_list(string preset, string recorded)
    {
        var explicitly = TrainPoincareCommand.Recipe(Parse<TrainPoincareCommand.Settings>($"{recorded} --threads 2 --preset none"));
        var byName = TrainPoincareCommand.Recipe(Parse<TrainPoincareCommand.Settings>($"--preset {preset} --threads 2"));
        Assert.Equal(explicitly.Options, byName.Options);
        Assert.Equal(explicitly.Root, byName.Root);
        Assert.Equal(explicitly.Instances, byName.Instances);
    }

    [Fact]
    public void A_model_alone_trains_its_best_recorded_recipe()
    {
        Assert.Equal(KgePresets.Get("distmult-1n").Options, TrainKgeCommand.Options(Parse<TrainKgeCommand.Settings>("--model distmult --triples DIR")));
        Assert.Equal(KgePresets.Get("conve").Options, TrainKgeCommand.Options(Parse<TrainKgeCommand.Settings>("--model conve --triples DIR")));
        Assert.Equal(KgePresets.Get("transe").Options, TrainKgeCommand.Options(Parse<TrainKgeCommand.Settings>("--model transe")));
        Assert.Equal(KgePresets.Get("distmult-1n").Options, TrainKgeCommand.Options(Parse<TrainKgeCommand.Settings>("--triples DIR")));
        var poincare = TrainPoincareCommand.Recipe(Parse<TrainPoincareCommand.Settings>(""));
        Assert.Equal(PoincarePresets.Get("nouns").Options, poincare.Options);
        Assert.Null(poincare.Root);
        // a root of one's own starts from the plain defaults, every node of the subtree evaluated
        var subtree = TrainPoincareCommand.Recipe(Parse<TrainPoincareCommand.Settings>("--root carnivore.n.01"));
        Assert.Equal(new PoincareOptions { EvalNodes = 0 }, subtree.Options);
        Assert.Equal("carnivore.n.01", subtree.Root);
    }

    [Fact]
    public void Options_given_with_a_preset_override_its_values()
    {
        var conve = KgePresets.Get("conve").Options;
        var options = TrainKgeCommand.Options(Parse<TrainKgeCommand.Settings>("--preset conve --lr 0.01 --epochs 3 --weight-average 0 --matmul-precision float32 --max-minutes 5"));
        Assert.Equal(conve with { LearningRate = 0.01, Epochs = 3, WeightAverageDecay = 0, MatmulPrecision = MatmulPrecision.Float32, MaxMinutes = 5 }, options);
        Assert.NotEqual(conve.LearningRate, options.LearningRate);

        var nouns = PoincarePresets.Get("nouns").Options;
        var poincare = TrainPoincareCommand.Recipe(Parse<TrainPoincareCommand.Settings>("--preset nouns --lr 0.5 --eval-nodes 100"));
        Assert.Equal(nouns with { LearningRate = 0.5, EvalNodes = 100 }, poincare.Options);

        var mammal = TrainPoincareCommand.Recipe(Parse<TrainPoincareCommand.Settings>("--preset mammal --root carnivore.n.01"));
        Assert.Equal("carnivore.n.01", mammal.Root);
        Assert.False(mammal.Instances);
    }

    [Fact]
    public void A_model_that_contradicts_the_preset_or_an_unknown_preset_is_an_error()
    {
        var contradiction = Assert.Throws<ArgumentException>(() => TrainKgeCommand.Options(Parse<TrainKgeCommand.Settings>("--preset conve --model distmult")));
        Assert.Contains("--preset conve", contradiction.Message);
        var unknown = Assert.Throws<ArgumentException>(() => TrainKgeCommand.Options(Parse<TrainKgeCommand.Settings>("--preset fast")));
        foreach (var preset in KgePresets.All) Assert.Contains(preset.Name, unknown.Message);
        Assert.Throws<ArgumentException>(() => TrainPoincareCommand.Recipe(Parse<TrainPoincareCommand.Settings>("--preset fast")));
    }

    [Theory]
    [InlineData("kge")]
    [InlineData("poincare")]
    public void Help_lists_every_preset(string command)
    {
        var help = Help("train", command, "--help");
        // the option's description, wrapped over several lines, up to the next option
        var lines = help.Split('\n');
        var start = Array.FindIndex(lines, l => l.Contains("--preset <NAME>"));
        var end = Array.FindIndex(lines, start + 1, l => l.TrimStart().StartsWith('-'));
        var description = string.Join(' ', lines[start..end].Select(l => l.Trim()));
        var names = command == "kge" ? KgePresets.All.Select(p => p.Name) : PoincarePresets.All.Select(p => p.Name);
        foreach (var name in names.Append("none"))
            Assert.Matches($@"(?<![\w-]){Regex.Escape(name)}(?![\w-])", description);
    }

    private static string Help(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 2000;
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.ConfigureConsole(console);
            config.PropagateExceptions();
            TrainingCommands.Register(config);
        });
        Assert.Equal(0, app.Run(args));
        return writer.ToString();
    }

    private static TSettings Parse<TSettings>(string args) where TSettings : CommandSettings
    {
        var app = new CommandApp<Capture<TSettings>>();
        app.Configure(config => config.PropagateExceptions());
        Assert.Equal(0, app.Run(args.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        return Capture<TSettings>.Last ?? throw new InvalidOperationException("the command did not run");
    }

    private sealed class Capture<TSettings> : Command<TSettings> where TSettings : CommandSettings
    {
        [ThreadStatic] public static TSettings? Last;

        public override int Execute(CommandContext context, TSettings settings, CancellationToken cancellationToken)
        {
            Last = settings;
            return 0;
        }
    }
}
