namespace TicketBooking.Http;

/// <summary>Pre-rendered JSON with its status, ETag, Location and caching headers.</summary>
public sealed class RawJsonResult(byte[] json, int status = StatusCodes.Status200OK, string? etag = null, string? location = null,
    string? cacheControl = null) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = json.Length;
        if (etag is not null)
        {
            response.Headers.ETag = etag;
        }

        if (location is not null)
        {
            response.Headers.Location = location;
        }

        if (cacheControl is not null)
        {
            response.Headers.CacheControl = cacheControl;
        }

        await response.Body.WriteAsync(json, httpContext.RequestAborted);
    }
}

/// <summary>304 Not Modified with the current ETag.</summary>
public sealed class NotModifiedResult(string etag, string? cacheControl) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
        httpContext.Response.Headers.ETag = etag;
        if (cacheControl is not null)
        {
            httpContext.Response.Headers.CacheControl = cacheControl;
        }

        return Task.CompletedTask;
    }
}

public static class Conditional
{
    /// <summary>Whether the request's If-None-Match names <paramref name="etag"/> (or is <c>*</c>).</summary>
    public static bool Matches(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            foreach (var candidate in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                if (tag == "*" || tag == etag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
