using System.Text;
using System.Text.Json;

namespace TicketBooking.Http;

/// <summary>
/// One server-sent event, formatted once: its <see cref="Frame"/> (the <c>event:</c>, <c>id:</c> and <c>data:</c> lines and the
/// blank line that ends them) is written as it is to every listener, so a fan-out serializes an event once, not once
/// per listener.
/// </summary>
public sealed class ServerSentEvent
{
    private ServerSentEvent(string name, string? id, byte[] frame)
    {
        Name = name;
        Id = id;
        Frame = frame;
    }

    /// <summary>The event's name (the browser's <c>EventSource</c> dispatches it to listeners of that name).</summary>
    public string Name { get; }

    /// <summary>The event's id, which a reconnecting browser sends back in <c>Last-Event-ID</c>; null for none.</summary>
    public string? Id { get; }

    /// <summary>The whole event as written on the wire (UTF-8).</summary>
    public ReadOnlyMemory<byte> Frame { get; }

    /// <summary>An event whose data is <paramref name="data"/> as the API's JSON (one line: compact JSON has no line breaks).</summary>
    public static ServerSentEvent Json<T>(string name, string? id, T data) =>
        Create(name, id, JsonSerializer.SerializeToUtf8Bytes(data, ApiJson.Options));

    /// <summary>An event whose data is <paramref name="utf8Json"/>, compact JSON already serialized.</summary>
    public static ServerSentEvent Create(string name, string? id, ReadOnlySpan<byte> utf8Json)
    {
        RequireOneLine(name, nameof(name));
        if (id is not null)
        {
            RequireOneLine(id, nameof(id));
        }

        if (utf8Json.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
        {
            throw new ArgumentException("The data of a server-sent event must be compact JSON on one line.", nameof(utf8Json));
        }

        var head = Encoding.UTF8.GetBytes(id is null ? $"event: {name}\ndata: " : $"event: {name}\nid: {id}\ndata: ");
        var frame = new byte[head.Length + utf8Json.Length + 2];
        head.CopyTo(frame, 0);
        utf8Json.CopyTo(frame.AsSpan(head.Length));
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return new ServerSentEvent(name, id, frame);
    }

    private static void RequireOneLine(string value, string parameter)
    {
        if (value.Length == 0 || value.AsSpan().IndexOfAny('\n', '\r') >= 0 || value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("An event's name and id are one non-empty line without NUL.", parameter);
        }
    }
}
