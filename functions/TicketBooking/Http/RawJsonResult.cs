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
