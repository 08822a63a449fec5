using System.Globalization;
using System.Text;
using Zsl.RevNet.Memory;

namespace Zsl.RevNet.Training;

/// <summary>Training and test accuracy against wall-clock minutes: a PNG and the same points as CSV (<c>FILE.csv</c>).</summary>
public static class LearningCurve
{
    public static void Write(string png, string title, IReadOnlyList<EpochReport> reports)
    {
        var minutes = reports.Select(r => r.ElapsedSeconds / 60).ToArray();
        var tested = reports.Where(r => r.TestAccuracy is not null).ToArray();
        Plots.Lines(png, title, "minutes", "accuracy (%)",
        [
            ("train (augmented, running)", minutes, reports.Select(r => 100 * r.TrainAccuracy).ToArray()),
            ("test", tested.Select(r => r.ElapsedSeconds / 60).ToArray(), tested.Select(r => 100 * r.TestAccuracy!.Value).ToArray()),
        ]);
        var inv = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("epoch,minutes,images,train_loss,train_accuracy,test_accuracy,learning_rate,images_per_second\n");
        foreach (var r in reports)
            csv.AppendLine(string.Join(',', r.Epoch.ToString(inv), (r.ElapsedSeconds / 60).ToString("F3", inv), r.Images.ToString(inv), r.TrainLoss.ToString("F5", inv),
                r.TrainAccuracy.ToString("F5", inv), r.TestAccuracy?.ToString("F5", inv) ?? "", r.LearningRate.ToString("G4", inv), r.ImagesPerSecond.ToString("F1", inv)));
        var tmp = png + ".csv.tmp";
        File.WriteAllText(tmp, csv.ToString());
        File.Move(tmp, Path.ChangeExtension(png, ".csv"), overwrite: true);
    }
}
