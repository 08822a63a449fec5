namespace Zsl.RevNet.Data;

/// <summary>
/// The simplest image classifier worth comparing a CNN with: each class is the mean of its training images' pixels,
/// each test image goes to the class whose mean is nearest (Euclidean). No training, no randomness.
/// </summary>
public sealed class NearestClassMean
{
    private readonly float[][] _means;

    private NearestClassMean(float[][] means, IReadOnlyList<string> classNames) => (_means, ClassNames) = (means, classNames);

    public IReadOnlyList<string> ClassNames { get; }

    public static NearestClassMean Fit(ImageSet train)
    {
        var size = train.PixelsPerImage;
        var sums = new double[train.ClassNames.Count][];
        var counts = new int[train.ClassNames.Count];
        foreach (var image in train.Images)
        {
            var sum = sums[image.Label] ??= new double[size];
            for (var i = 0; i < size; i++) sum[i] += image.Pixels[i];
            counts[image.Label]++;
        }
        var means = new float[sums.Length][];
        for (var c = 0; c < sums.Length; c++)
        {
            if (counts[c] == 0) throw new ArgumentException($"{train.Name}: class {train.ClassNames[c]} has no training image");
            means[c] = sums[c].Select(v => (float)(v / counts[c])).ToArray();
        }
        return new NearestClassMean(means, train.ClassNames);
    }

    public int Predict(byte[] pixels)
    {
        var (best, bestDistance) = (-1, double.MaxValue);
        for (var c = 0; c < _means.Length; c++)
        {
            var mean = _means[c];
            double distance = 0;
            for (var i = 0; i < mean.Length; i++)
            {
                var d = pixels[i] - mean[i];
                distance += d * d;
            }
            if (distance < bestDistance) (best, bestDistance) = (c, distance);
        }
        return best;
    }

    /// <summary>Top-1 accuracy on <paramref name="test"/>, whose class names must be this model's, in the same order.</summary>
    public double Accuracy(ImageSet test)
    {
        if (!test.ClassNames.SequenceEqual(ClassNames)) throw new ArgumentException($"{test.Name}: the test classes differ from the training classes");
        if (test.Count == 0) throw new ArgumentException($"{test.Name}: no test images");
        var correct = 0;
        Parallel.For(0, test.Count, () => 0, (i, _, hits) => hits + (Predict(test.Images[i].Pixels) == test.Images[i].Label ? 1 : 0),
            hits => Interlocked.Add(ref correct, hits));
        return correct / (double)test.Count;
    }
}
