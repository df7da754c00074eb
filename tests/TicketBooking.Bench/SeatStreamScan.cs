using System.Diagnostics;
using System.Text;

namespace TicketBooking.Bench;

/// <summary>A seat change a listener read: <c>ticketId/status</c>, and when its bytes arrived (a Stopwatch timestamp).</summary>
public delegate void SeatChangeSeen(ReadOnlySpan<char> key, long receivedAt);

/// <summary>
/// Reads a live seat stream (<c>text/event-stream</c>) as cheaply as the load generator can: bytes into one buffer per
/// stream, scanned for the changes (<c>{"ticketId":"S1-2-3","status":"held"}</c>) without decoding lines or parsing
/// JSON, and no allocation per event. Thousands of listeners share the cores with the host they measure, so every
/// cycle they spend is taken from the server.
/// </summary>
public static class SeatStreamScan
{
    private static ReadOnlySpan<byte> TicketIdField => "{\"ticketId\":\""u8;

    private static ReadOnlySpan<byte> StatusField => "\",\"status\":\""u8;

    private static ReadOnlySpan<byte> DataField => "data: "u8;

    /// <summary>Reads until the stream ends: <paramref name="firstData"/> once, at the first event's data; every change after.</summary>
    public static async Task ReadAsync(Stream stream, Action<long> firstData, SeatChangeSeen seen, CancellationToken cancellationToken)
    {
        var buffer = new byte[8 * 1024];
        var filled = 0;
        var sawData = false;
        while (true)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return;
            }

            var receivedAt = Stopwatch.GetTimestamp();
            filled += read;
            // Whole lines only: what follows the last line break waits for the next read.
            var end = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
            if (end == 0)
            {
                continue;
            }

            sawData = Scan(buffer.AsSpan(0, end), receivedAt, sawData, firstData, seen);
            buffer.AsSpan(end, filled - end).CopyTo(buffer);
            filled -= end;
        }
    }

    private static bool Scan(ReadOnlySpan<byte> text, long receivedAt, bool sawData, Action<long> firstData, SeatChangeSeen seen)
    {
        if (!sawData && text.IndexOf(DataField) >= 0)
        {
            firstData(receivedAt);
            sawData = true;
        }

        Span<char> key = stackalloc char[256];
        while (text.IndexOf(TicketIdField) is var at and >= 0)
        {
            text = text[(at + TicketIdField.Length)..];
            var id = text[..text.IndexOf((byte)'"')];
            text = text[(id.Length + StatusField.Length)..];
            var status = text[..text.IndexOf((byte)'"')];
            var length = Encoding.ASCII.GetChars(id, key);
            key[length++] = '/';
            length += Encoding.ASCII.GetChars(status, key[length..]);
            seen(key[..length], receivedAt);
        }

        return sawData;
    }
}
