using Zsl.RevNet.Data;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Training.Tests.RevNet;

public class ReaderTests
{
    private static string Fixture(params string[] parts) => Path.Combine([TestPaths.RepoRoot, "tests", "Zsl.Training.Tests", "RevNet", "Fixtures", .. parts]);

    [Fact]
    public void Reads_the_shared_mnist_idx_files()
    {
        var train = MnistReader.Load(TestPaths.Shared("mnist"), "train");
        var test = MnistReader.Load(TestPaths.Shared("mnist"), "test");
        Assert.Equal(8000, train.Count);
        Assert.Equal(2000, test.Count);
        Assert.Equal((1, 28, 28), (train.Channels, train.Height, train.Width));
        Assert.All(train.Images.Take(100), i => Assert.Equal(784, i.Pixels.Length));
        // Every digit occurs, roughly balanced, and images are not blank.
        var counts = train.Images.GroupBy(i => i.Label).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 600, 1000));
        Assert.All(test.Images.Take(50), i => Assert.InRange(i.Pixels.Count(p => p > 128), 20, 400));
        // The first labels of t10k-labels-idx1-ubyte are 1, 9, 1, 1, 1, 7.
        Assert.Equal([1, 9, 1, 1, 1, 7], test.Images.Take(6).Select(i => i.Label));
    }

    [Fact]
    public void Rejects_a_truncated_idx_file_naming_it()
    {
        var dir = TestPaths.NewTempDirectory();
        var source = TestPaths.Shared("mnist", "t10k-images-idx3-ubyte");
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte"), bytes[..(bytes.Length - 10)]);
        File.Copy(TestPaths.Shared("mnist", "t10k-labels-idx1-ubyte"), Path.Combine(dir, "t10k-labels-idx1-ubyte"));
        var error = Assert.Throws<DataFormatException>(() => MnistReader.Load(dir, "test"));
        Assert.Contains("t10k-images-idx3-ubyte", error.Message);
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte"), [0, 0, 8, 1, .. bytes[4..]]);
        Assert.Contains("magic", Assert.Throws<DataFormatException>(() => MnistReader.Load(dir, "test")).Message);
    }

    [Fact]
    public void Reads_cifar10_binary_batches_in_their_real_layout()
    {
        var dir = Fixture("cifar-10-batches-bin");
        var train = Cifar10Reader.Load(dir, "train");
        var test = Cifar10Reader.Load(dir, "test");
        Assert.Equal(10, train.Count);
        Assert.Equal(3, test.Count);
        Assert.Equal((3, 32, 32), (train.Channels, train.Height, train.Width));
        Assert.Equal("airplane", train.ClassNames[0]);
        Assert.Equal("truck", train.ClassNames[9]);
        var second = train.Images[1];
        Assert.Equal(3, second.Label);
        Assert.Equal(1, second.Pixels[0]); // red plane
        Assert.Equal(103, second.Pixels[1024]); // green plane
        Assert.Equal(8, second.Pixels[2048 + 1]); // blue plane, row 0, column 1
        Assert.Equal("cifar10-train-00001", second.Id);
        Assert.Equal("cifar10-train-00009", train.Images[9].Id);
        Assert.Equal([0, 1, 2], test.Images.Select(i => i.Label));
    }

    [Fact]
    public void Rejects_a_cifar_batch_with_a_partial_record()
    {
        var dir = TestPaths.NewTempDirectory();
        var bytes = File.ReadAllBytes(Fixture("cifar-10-batches-bin", "test_batch.bin"));
        File.WriteAllBytes(Path.Combine(dir, "test_batch.bin"), bytes[..(Cifar10Reader.RecordSize + 100)]);
        var error = Assert.Throws<DataFormatException>(() => Cifar10Reader.Load(dir, "test"));
        Assert.Contains("test_batch.bin:1", error.Message);
        Assert.Throws<FileNotFoundException>(() => Cifar10Reader.Load(dir, "train"));
    }
}
