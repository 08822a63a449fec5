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
}
