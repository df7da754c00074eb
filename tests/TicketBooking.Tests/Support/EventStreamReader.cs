using System.Text;
using System.Text.Json;

namespace TicketBooking.Tests.Support;

/// <summary>One frame read from a <c>text/event-stream</c>: an event, a comment (heartbeat) or a <c>retry:</c> hint.</summary>
public sealed record StreamFrame(string? Event, string? Id, string? Data, string? Comment, int? Retry)
{
    public JsonElement Json => JsonDocument.Parse(Data!).RootElement;
}

/// <summary>Reads a server-sent event stream frame by frame, the way a browser's EventSource parses it.</summary>
public sealed class EventStreamReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>The next frame, or null when the stream ended. Throws when none comes within <paramref name="timeout"/>.</summary>
    public async Task<StreamFrame?> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        string? name = null, id = null, comment = null;
        int? retry = null;
        StringBuilder? data = null;
        var any = false;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cts.Token);
            if (line is null)
            {
                return any ? new StreamFrame(name, id, data?.ToString(), comment, retry) : null;
            }

            if (line.Length == 0)
            {
                if (any)
                {
                    return new StreamFrame(name, id, data?.ToString(), comment, retry);
                }

                continue;
            }

            any = true;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "":
                    comment = value;
                    break;
                case "event":
                    name = value;
                    break;
                case "id":
                    id = value;
                    break;
                case "retry":
                    retry = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "data":
                    (data ??= new StringBuilder()).Append(value);
                    break;
            }
        }
    }

    /// <summary>The next event (skipping heartbeats and hints), or null when the stream ended.</summary>
    public async Task<StreamFrame?> NextEventAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = until - DateTime.UtcNow;
            var frame = await NextAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            if (frame is null || frame.Event is not null)
            {
                return frame;
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}
