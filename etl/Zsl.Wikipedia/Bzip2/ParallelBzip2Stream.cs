using System.Threading.Channels;

namespace Zsl.Wikipedia.Bzip2;

/// <summary>
/// A read-only stream of the decompressed content of a bzip2 file (single- or multistream), decompressed
/// block by block on several threads and handed out in file order. A background task scans the file for
/// blocks (<see cref="Bzip2BlockScanner"/>) and starts one decoding task per block (libbz2, or SharpZipLib, see <see cref="Bzip2Decoder"/>); at most
/// <c>2 × threads</c> blocks are in flight, so memory stays bounded (~10 MB per block).
/// Corrupt or truncated data surfaces as an <see cref="InvalidDataException"/> from <see cref="Read(byte[], int, int)"/>
/// when the reader reaches the bad block, after all earlier content was delivered.
/// </summary>
public sealed class ParallelBzip2Stream : Stream
{
    private readonly Channel<Task<DecodedBlock>> _blocks;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Task _producer;
    private readonly string _name;
    private DecodedBlock _current = new([], -1);
    private int _offset;
    private long _position;
    private bool _finished;

    private readonly Bzip2Backend _backend;

    public ParallelBzip2Stream(string path, int? threads = null, Bzip2Backend backend = Bzip2Backend.Auto)
        : this(File.OpenRead(path), path, threads, backend) { }

    public ParallelBzip2Stream(Stream compressed, string name, int? threads = null, Bzip2Backend backend = Bzip2Backend.Auto)
    {
        _name = name;
        _backend = Bzip2Decoder.Resolve(backend);
        var degree = Math.Max(1, threads ?? Environment.ProcessorCount);
        _blocks = Channel.CreateBounded<Task<DecodedBlock>>(new BoundedChannelOptions(degree * 2) { SingleReader = true, SingleWriter = true });
        var token = _cancel.Token;
        var throttle = new SemaphoreSlim(degree);
        _producer = Task.Run(async () =>
        {
            try
            {
                await using var input = compressed;
                foreach (var block in Bzip2BlockScanner.Scan(input, name))
                {
                    token.ThrowIfCancellationRequested();
                    await throttle.WaitAsync(token);
                    var decode = Task.Run(() =>
                    {
                        try { return Decode(block); }
                        finally { throttle.Release(); }
                    }, CancellationToken.None);
                    await _blocks.Writer.WriteAsync(decode, token);
                }
                _blocks.Writer.Complete();
            }
            catch (Exception e)
            {
                _blocks.Writer.TryComplete(e is OperationCanceledException ? null : e);
            }
        }, CancellationToken.None);
    }

    public long CompressedBlocksRead { get; private set; }

    private DecodedBlock Decode(Bzip2Block block)
    {
        if (block.Error is not null) throw new InvalidDataException(block.Error);
        try
        {
            return Bzip2Decoder.DecompressPooled(block.Stream, _backend);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(
                $"{_name}: bzip2 block {block.Index + 1} (bytes {block.StartBit / 8:N0}..{block.EndBit / 8:N0}) is corrupt: {e.Message}", e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_offset == _current.Span.Length)
        {
            if (_finished || !NextBlock()) return 0;
        }
        var n = Math.Min(buffer.Length, _current.Span.Length - _offset);
        _current.Span.Slice(_offset, n).CopyTo(buffer);
        _offset += n;
        _position += n;
        return n;
    }

    private bool NextBlock()
    {
        var reader = _blocks.Reader;
        try
        {
            _current.Return();
            _current = new DecodedBlock([], -1);
            if (!Blocking.Result(reader.WaitToReadAsync()) || !reader.TryRead(out var next))
            {
                _finished = true;
                return false;
            }
            _current = Blocking.Result(next);
        }
        catch (ChannelClosedException e) when (e.InnerException is not null)
        {
            _finished = true;
            throw e.InnerException is InvalidDataException ? e.InnerException : new InvalidDataException($"{_name}: {e.InnerException.Message}", e.InnerException);
        }
        catch
        {
            _finished = true;
            throw;
        }
        _offset = 0;
        CompressedBlocksRead++;
        return true;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cancel.Cancel();
            // drain so that finished decoders are not left unobserved
            while (_blocks.Reader.TryRead(out var pending))
                _ = pending.ContinueWith(static t => { if (t.IsCompletedSuccessfully) t.Result.Return(); else _ = t.Exception; }, TaskScheduler.Default);
            _current.Return();
            _current = new DecodedBlock([], -1);
            try { _producer.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
            _cancel.Dispose();
        }
        base.Dispose(disposing);
    }
}
