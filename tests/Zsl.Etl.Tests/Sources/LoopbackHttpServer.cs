using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Zsl.Etl.Tests.Sources;

/// <summary>
/// A small real HTTP/1.1 server on 127.0.0.1 (random free port) serving fixture files, with Range support and
/// switches that break it on purpose: cut the body of the first response after N bytes (the socket is closed
/// mid-transfer), or answer the first requests with 503.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _requestCount;

    public sealed record Request(int Number, string Method, string Path, string? Range);

    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>Cut the body of the first response after this many bytes and close the connection.</summary>
    public long? CutFirstResponseAfter { get; set; }

    /// <summary>Answer every request with the whole file (200), as a server without Range support does.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Answer this many first requests with 503 Service Unavailable.</summary>
    public int FailFirstRequests { get; set; }

    public LoopbackHttpServer()
    {
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public string BaseUrl { get; }

    public string Serve(string path, byte[] content)
    {
        _files[path.TrimStart('/')] = content;
        return BaseUrl + path.TrimStart('/');
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                if (head is null) return;
                var lines = head.Split("\r\n");
                var requestLine = lines[0].Split(' ');
                string? range = null;
                foreach (var line in lines.Skip(1))
                    if (line.StartsWith("Range:", StringComparison.OrdinalIgnoreCase)) range = line["Range:".Length..].Trim();
                var number = Interlocked.Increment(ref _requestCount);
                var path = Uri.UnescapeDataString(requestLine[1].TrimStart('/'));
                Requests.Enqueue(new Request(number, requestLine[0], path, range));

                if (number <= FailFirstRequests) { await WriteHeadAsync(stream, "503 Service Unavailable", 0, null); return; }
                if (!_files.TryGetValue(path, out var content)) { await WriteHeadAsync(stream, "404 Not Found", 0, null); return; }

                long from = 0;
                if (IgnoreRange) range = null;
                if (range is not null)
                {
                    var spec = range.StartsWith("bytes=", StringComparison.Ordinal) ? range[6..] : "";
                    var dash = spec.IndexOf('-');
                    if (dash <= 0 || !long.TryParse(spec[..dash], out from) || spec[(dash + 1)..].Length > 0)
                    { await WriteHeadAsync(stream, "400 Bad Request", 0, null); return; }
                    if (from >= content.Length)
                    { await WriteHeadAsync(stream, "416 Range Not Satisfiable", 0, $"Content-Range: bytes */{content.Length}"); return; }
                }
                var length = content.Length - from;
                if (range is null) await WriteHeadAsync(stream, "200 OK", length, null);
                else await WriteHeadAsync(stream, "206 Partial Content", length, $"Content-Range: bytes {from}-{content.Length - 1}/{content.Length}");

                var send = number == 1 && CutFirstResponseAfter is { } cut ? Math.Min(cut, length) : length;
                await stream.WriteAsync(content.AsMemory((int)from, (int)send));
                await stream.FlushAsync();
                if (send < length) client.Client.Shutdown(SocketShutdown.Both);
            }
            catch (IOException) { }
            catch (SocketException) { }
        }
    }

    private static async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(one) == 0) return null;
            bytes.Add(one[0]);
            var n = bytes.Count;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n')
                return Encoding.ASCII.GetString(bytes.ToArray(), 0, n - 4);
        }
        return null;
    }

    private static Task WriteHeadAsync(NetworkStream stream, string status, long length, string? extra)
    {
        var head = $"HTTP/1.1 {status}\r\nContent-Length: {length}\r\nContent-Type: application/octet-stream\r\nAccept-Ranges: bytes\r\nConnection: close\r\n"
                   + (extra is null ? "" : extra + "\r\n") + "\r\n";
        return stream.WriteAsync(Encoding.ASCII.GetBytes(head)).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _acceptLoop; } catch (Exception) { }
        _stop.Dispose();
    }
}
