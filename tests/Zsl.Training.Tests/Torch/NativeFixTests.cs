using Zsl.Torch.NativeFix;
using static TorchSharp.torch;

namespace Zsl.Training.Tests.Torch;

public class NativeFixTests
{
    private static string PackageCopy => Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private static string OutputCopy => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void The_package_library_needs_GLIBCXX_3_4_32_strongly_and_the_build_output_weakly()
    {
        Assert.True(File.Exists(PackageCopy), $"expected the NuGet package file at {PackageCopy}");
        var original = ElfVersionNeeds.Read(File.ReadAllBytes(PackageCopy)).Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", original.File);
        Assert.False(original.IsWeak); // the package cache is never edited

        var patched = ElfVersionNeeds.Read(File.ReadAllBytes(OutputCopy)).Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.True(patched.IsWeak);
        // every other need is left as it was
        var before = ElfVersionNeeds.Read(File.ReadAllBytes(PackageCopy)).Where(n => n.Version != "GLIBCXX_3.4.32");
        var after = ElfVersionNeeds.Read(File.ReadAllBytes(OutputCopy)).Where(n => n.Version != "GLIBCXX_3.4.32");
        Assert.Equal(before.Select(n => (n.File, n.Version, n.Flags)), after.Select(n => (n.File, n.Version, n.Flags)));
    }

    [Fact]
    public void MarkWeak_changes_only_the_flag_bytes_and_is_idempotent()
    {
        var dir = Zsl.TestKit.TestPaths.NewTempDirectory();
        var copy = Path.Combine(dir, "lib.so");
        File.Copy(PackageCopy, copy);
        var original = File.ReadAllBytes(copy);
        Assert.True(ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_3.4.32"));
        var patched = File.ReadAllBytes(copy);
        var differences = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        var need = ElfVersionNeeds.Read(original).Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal([(int)need.FlagsOffset], differences);
        Assert.False(ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_3.4.32"));
        Assert.False(ElfVersionNeeds.MarkWeak(copy, "NO_SUCH_VERSION"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Not_an_elf_file_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(new byte[128], "x.so"));
        Assert.Contains("x.so", error.Message);
    }

    [Fact]
    public void TorchSharp_loads_and_computes_convolutions_and_gradients()
    {
        Zsl.Torch.TorchRuntime.Initialize(seed: 1);
        var x = randn(2, 3, 8, 8, dtype: ScalarType.Float64, requires_grad: true);
        var w = randn(4, 3, 3, 3, dtype: ScalarType.Float64, requires_grad: true);
        var y = nn.functional.conv2d(x, w, padding: [1, 1]);
        Assert.Equal([2L, 4, 8, 8], y.shape);
        y.square().sum().backward();
        // d/dw sum(conv(x,w)^2) = 2 * sum over positions of y * x-patch: check one entry against a direct sum.
        var grad = w.grad!;
        Assert.Equal(w.shape, grad.shape);
        var numeric = NumericGradient(x.detach(), w.detach(), 0, 0, 1, 1);
        Assert.Equal(numeric, grad[0, 0, 1, 1].item<double>(), 1e-5);
    }

    private static double NumericGradient(Tensor x, Tensor w, long o, long c, long i, long j)
    {
        const double h = 1e-6;
        double Loss(double delta)
        {
            var shifted = w.clone();
            shifted[o, c, i, j] = shifted[o, c, i, j] + delta;
            return nn.functional.conv2d(x, shifted, padding: [1, 1]).square().sum().item<double>();
        }
        return (Loss(h) - Loss(-h)) / (2 * h);
    }
}
