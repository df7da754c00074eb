using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TicketBooking.Http;

/// <summary>Reads request bodies with a size limit and turns every way they can be wrong into a 4xx problem.</summary>
public static class RequestReading
{
    public const int DefaultMaxBodyBytes = 64 * 1024;

    public static async Task<T> ReadJsonAsync<T>(this HttpRequest request, CancellationToken cancellationToken, int maxBytes = DefaultMaxBodyBytes)
        where T : class
    {
        if (!HasJsonContentType(request))
        {
            throw new DomainException(ErrorKind.UnsupportedMediaType,
                "The body must be JSON.", "Send the body as JSON with the header 'Content-Type: application/json'.");
        }

        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var body = await ReadLimitedAsync(request.Body, maxBytes, cancellationToken);
        if (body.Length == 0)
        {
            throw new DomainException(ErrorKind.MalformedBody,
                "The request body is empty.", "Send a JSON object in the request body.");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body, ApiJson.Options)
                ?? throw new DomainException(ErrorKind.MalformedBody,
                    "The request body is null.", "Send a JSON object in the request body, not null.");
        }
        catch (JsonException ex)
        {
            throw new DomainException(ErrorKind.MalformedBody,
                "The request body is not valid JSON for this operation.", DescribeJsonError(ex));
        }
    }

    /// <summary>
    /// The body as UTF-8 text, exactly as sent, of at most <paramref name="maxBytes"/> bytes. A larger
    /// <c>Content-Length</c> is refused before anything is read; a body without one (chunked) is read only until it
    /// crosses the limit. Either way the answer is a <see cref="ErrorKind.BodyTooLarge"/> failure (413).
    /// </summary>
    public static async Task<string> ReadTextAsync(this HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        return Encoding.UTF8.GetString(await ReadLimitedAsync(request.Body, maxBytes, cancellationToken));
    }

    private static bool HasJsonContentType(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrEmpty(contentType))
        {
            return true; // be lenient with clients that omit it; the body is still parsed strictly
        }

        return contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 16 * 1024));
        try
        {
            using var collected = new MemoryStream();
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, buffer.Length), cancellationToken)) > 0)
            {
                if (collected.Length + read > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                collected.Write(buffer, 0, read);
            }

            return collected.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static DomainException TooLarge(int maxBytes) =>
        new(ErrorKind.BodyTooLarge,
            "The request body is too large.", $"This operation accepts a body of at most {maxBytes} bytes.");

    private static string DescribeJsonError(JsonException ex)
    {
        // System.Text.Json messages name the JSON path and the expected type without exposing internals.
        var where = string.IsNullOrEmpty(ex.Path) ? "" : $" at '{ex.Path}'";
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        return $"The JSON could not be read{where}: {message}";
    }
}
