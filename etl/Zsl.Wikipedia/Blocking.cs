using System.Threading.Channels;

namespace Zsl.Wikipedia;

/// <summary>
/// Synchronous waits that block at once instead of spinning first (<c>Task.Wait</c> and <c>GetResult</c> spin
/// before they block): with two cores, a consumer spinning for the next item takes CPU from the threads that
/// produce it.
/// </summary>
internal static class Blocking
{
    public static T Result<T>(Task<T> task)
    {
        if (!task.IsCompleted) ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
        return task.GetAwaiter().GetResult();
    }

    public static T Result<T>(ValueTask<T> task) => task.IsCompleted ? task.GetAwaiter().GetResult() : Result(task.AsTask());

    /// <summary>Writes <paramref name="item"/>, blocking while the bounded channel is full; false when the channel was completed.</summary>
    public static bool Write<T>(ChannelWriter<T> writer, T item, CancellationToken token = default)
    {
        while (!writer.TryWrite(item))
            if (!Result(writer.WaitToWriteAsync(token))) return false;
        return true;
    }
}
