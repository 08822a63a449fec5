using System.Formats.Tar;
using System.IO.Compression;
using Zsl.RevNet.Data;
using Zsl.TestKit;

namespace Zsl.Training.Tests.RevNet;

public class ImageSetTests
{
    private static string CifarArchive => TestPaths.Shared("images", "cifar-10", "cifar-10-jpeg.tar.gz");

    /// <summary>The first <paramref name="perClass"/> training and test images of every CIFAR-10 class, as a real tar.gz.</summary>
    private static (ImageSet Train, ImageSet Test) CifarSubset(int perClass)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "cifar.tar.gz");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
            foreach (var member in ImageArchive.Members(CifarArchive,
                         n => n.EndsWith(".jpg") && int.TryParse(Path.GetFileNameWithoutExtension(n), out var k) && k < perClass))
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, member.Name) { DataStream = new MemoryStream(member.Content) });
        var (train, test, _) = Cifar10Jpeg.Read(path);
        return (train, test);
    }

    [Fact]
    public void Halving_averages_each_two_by_two_block_of_real_images()
    {
        var (train, _) = CifarSubset(2);
        var small = train.Downscale(2);
        Assert.Equal((3, 16, 16, train.Count), (small.Channels, small.Height, small.Width, small.Count));
        Assert.Equal(train.Images.Select(i => (i.Id, i.Label)), small.Images.Select(i => (i.Id, i.Label)));
        for (var n = 0; n < train.Count; n++)
        {
            var (source, target) = (train.Images[n].Pixels, small.Images[n].Pixels);
            for (var c = 0; c < 3; c++)
            for (var y = 0; y < 16; y++)
            for (var x = 0; x < 16; x++)
            {
                int At(int yy, int xx) => source[c * 1024 + yy * 32 + xx];
                var sum = At(2 * y, 2 * x) + At(2 * y, 2 * x + 1) + At(2 * y + 1, 2 * x) + At(2 * y + 1, 2 * x + 1);
                Assert.Equal((sum + 2) / 4, target[c * 256 + y * 16 + x]);
            }
            Assert.InRange(target.Average(p => p) - source.Average(p => p), -0.5, 0.5);
        }
        Assert.Same(train, train.Downscale(1));
        Assert.Equal(4, train.Downscale(8).Height);
        Assert.Throws<ArgumentException>(() => train.Downscale(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => train.Downscale(0));
    }

    [Fact]
    public void Nearest_class_mean_on_real_pixels_beats_chance_and_recovers_its_own_means()
    {
        var (train, test) = CifarSubset(40);
        var model = NearestClassMean.Fit(train);
        // Published figures for pixel nearest-class-mean on CIFAR-10 are in the high 20s; chance is 10 %.
        Assert.InRange(model.Accuracy(test), 0.17, 0.40);
        var means = Enumerable.Range(0, 10).Select(c =>
        {
            var images = train.Images.Where(i => i.Label == c).ToArray();
            return Enumerable.Range(0, 3072).Select(p => (byte)Math.Round(images.Average(i => i.Pixels[p]))).ToArray();
        }).ToArray();
        for (var c = 0; c < 10; c++) Assert.Equal(c, model.Predict(means[c]));
        Assert.Throws<ArgumentException>(() => model.Accuracy(test.OnlyClasses(["cat", "dog"])));
    }
}
