using TorchSharp;

namespace Zsl.Torch;

/// <summary>
/// The project's one answer to TorchSharp's scalar lifetime. An implicit double → Scalar conversion creates an object
/// nothing references once its native handle is passed on, so the garbage collector may finalize it (freeing the native
/// scalar) while libtorch still reads it: "Unknown scalar type" after minutes of training. Every Scalar handed to
/// libtorch comes from a set that owns it: <see cref="Of"/>, the process's set, for constants; a set created for one
/// piece of work (an optimizer step) for values that change, disposed when that work's native calls have returned.
/// </summary>
public sealed class Scalars : IDisposable
{
    private static readonly Scalars Process = new();

    private readonly Dictionary<double, Scalar> _owned = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>A constant, kept for the life of the process.</summary>
    public static Scalar Of(double value) => Process.Get(value);

    /// <summary>The scalar of a value, owned by this set (one per distinct value) until it is disposed.</summary>
    public Scalar Get(double value)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_owned.TryGetValue(value, out var scalar)) _owned[value] = scalar = value.ToScalar();
            return scalar;
        }
    }

    public void Dispose()
    {
        if (ReferenceEquals(this, Process)) return;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var scalar in _owned.Values) scalar.Dispose();
            _owned.Clear();
        }
    }
}
