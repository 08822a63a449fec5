using System.Reflection;

namespace Zsl.TestKit;

/// <summary>
/// Runs a command-line program's entry point in this process with standard output and error captured. The
/// console is process-wide: callers keep such tests out of parallel runs with other console users.
/// </summary>
public static class InProcessCli
{
    public static async Task<(int Exit, string Out, string Error)> RunAsync(Assembly program, params string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var result = program.EntryPoint!.Invoke(null, [args]);
            var exit = result is Task<int> task ? await task : (int)result!;
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
