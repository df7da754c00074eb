namespace TicketBooking.Tests.Support;

/// <summary>
/// A request body of <paramref name="length"/> bytes of JSON-ish filler that is produced as it is read and counts
/// how much was read, so a test can tell whether a server read a large body or stopped early. It reports its length
/// (so a client sends Content-Length) only when <paramref name="announceLength"/> is set.
/// </summary>
public sealed class EndlessBody(long length, bool announceLength) : Stream
{
    private long _read;

    /// <summary>How many bytes have been read so far.</summary>
    public long BytesRead => Interlocked.Read(ref _read);

    public override bool CanRead => true;

    public override bool CanSeek => announceLength;

    public override bool CanWrite => false;

    public override long Length => announceLength ? length : throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set
        {
            if (value != BytesRead)
            {
                throw new NotSupportedException();
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - BytesRead);
        buffer[..n].Fill((byte)' ');
        Interlocked.Add(ref _read, n);
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    /// <summary>Only "stay where you are" (what HTTP content does before sending): the filler cannot be re-read.</summary>
    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => BytesRead + offset,
            _ => (announceLength ? length : throw new NotSupportedException()) + offset,
        };
        return target == BytesRead ? target : throw new NotSupportedException();
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
