using Spectre.Console.Cli;

namespace Zsl.Training.Cli.RevNet;

/// <summary>./zsl revnet ...: the memory-efficient reversible CNNs of chapter 3.</summary>
public static class RevNetCommands
{
    public static void Register(IConfigurator<CommandSettings> revnet)
    {
        revnet.SetDescription("The hybrid reversible CNN of chapter 3 (memory per pixel, numerical stability, training, features).");
        revnet.AddCommand<RevNetTrainCommand>("train")
            .WithDescription("Train a CNN of table 3.1 on MNIST (IDX), CIFAR-10 (JPEG archive or binary batches) or Tiny ImageNet (JPEG archive) with SGD + one-cycle learning rate, optionally under a wall-clock budget.")
            .WithExample("revnet", "train", "--arch", "hybrid", "--data", "mnist", "--epochs", "8");
        revnet.AddCommand<RevNetSpeedCommand>("speed")
            .WithDescription("Images per second of the training step (forward, backward, SGD) on real images, with the milliseconds of each stage, per architecture and batch size.")
            .WithExample("revnet", "speed", "--arch", "hybrid,resnet", "--batch-sizes", "64,128,256", "--threads", "2");
        revnet.AddCommand<RevNetFeaturesCommand>("features")
            .WithDescription("Write penultimate-layer features of a trained checkpoint as Parquet (image_id, label, feature).")
            .WithExample("revnet", "features", "--checkpoint", "data/revnet/hybrid-mnist.pt", "--out", "data/revnet/features.parquet");
        revnet.AddCommand<RevNetBaselineCommand>("baseline")
            .WithDescription("Nearest class mean on raw pixels: the simple baseline a CNN's test accuracy is read against (same data, classes and image size options as 'train').")
            .WithExample("revnet", "baseline", "--data", "tiny-imagenet", "--classes", "train_wnids.txt", "--downscale", "2");
        revnet.AddCommand<RevNetMemoryCommand>("memory")
            .WithDescription("Analytic (eqs. 3.5-3.13) and measured (peak RSS slope) training memory per pixel of an architecture.")
            .WithExample("revnet", "memory", "--arch", "hybrid");
        revnet.AddCommand<RevNetSnrCommand>("snr")
            .WithDescription("SNR reduction of invertible batch norm and leaky ReLU (eqs. 3.19c, 3.22c, 3.28c) and along depth, with PNG plots.")
            .WithExample("revnet", "snr", "--out", "docs/img/revnet");
        revnet.AddCommand<RevNetProbeCommand>("probe").IsHidden()
            .WithDescription("One training iteration, then print peak resident memory (used by 'memory --measure', one fresh process per point).");
    }
}
