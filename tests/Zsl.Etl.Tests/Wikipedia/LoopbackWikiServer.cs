using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Zsl.Etl.Tests.Wikipedia;

/// <summary>
/// A real HTTP server on 127.0.0.1 playing the REST API's <c>/api/rest_v1/page/html/{title}</c>: serves the
/// saved Parsoid HTML pages of a folder (Title.html), answers 404 for unknown titles, redirects the titles in
/// <see cref="Redirects"/> with 302, and answers the first <c>n</c> requests of a title in
/// <see cref="Failures"/> with the given status (503, or 429 with Retry-After: 1).
/// </summary>
public sealed class LoopbackWikiServer : IDisposable
{
    private const string Prefix = "/api/rest_v1/page/html/";
    private readonly HttpListener _listener = new();
    private readonly string _folder;
    private readonly Task _loop;

    public ConcurrentDictionary<string, string> Redirects { get; } = new();
    public ConcurrentDictionary<string, (int Status, int Times)> Failures { get; } = new();
    public ConcurrentQueue<(string Title, DateTime At, int Status)> Requests { get; } = new();
    public string BaseUrl { get; }

    public LoopbackWikiServer(string folder)
    {
        _folder = folder;
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}{Prefix}";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            try { Answer(context); }
            finally { context.Response.Close(); }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        var title = path.StartsWith(Prefix) ? Uri.UnescapeDataString(path[Prefix.Length..]) : "";
        var response = context.Response;
        int status;
        if (Failures.TryGetValue(title, out var failure) && failure.Times > 0)
        {
            Failures[title] = (failure.Status, failure.Times - 1);
            status = failure.Status;
            if (status == 429) response.AddHeader("Retry-After", "1");
        }
        else if (Redirects.TryGetValue(title, out var target))
        {
            status = 302;
            response.AddHeader("Location", Prefix + Uri.EscapeDataString(target));
        }
        else
        {
            var file = Path.Combine(_folder, title + ".html");
            if (title.Length > 0 && !title.Contains('/') && File.Exists(file))
            {
                status = 200;
                response.ContentType = "text/html; charset=utf-8; profile=\"https://www.mediawiki.org/wiki/Specs/HTML/2.8.0\"";
                var bytes = File.ReadAllBytes(file);
                response.StatusCode = status;
                response.OutputStream.Write(bytes);
            }
            else status = 404;
        }
        response.StatusCode = status;
        Requests.Enqueue((title, DateTime.UtcNow, status));
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
