using System.Collections.Concurrent;
using TorchSharp;

namespace Zsl.Torch;

/// <summary>
/// Cached TorchSharp scalars. An implicit double → Scalar conversion creates an object the garbage collector may
/// finalize (freeing the native scalar) while libtorch still reads it: "Unknown scalar type" after minutes of training.
/// Scalars from this cache stay referenced for the life of the process.
/// </summary>
public static class Scalars
{
    private static readonly ConcurrentDictionary<double, Scalar> Cache = new();

    public static Scalar Of(double value) => Cache.GetOrAdd(value, v => v.ToScalar());
}
