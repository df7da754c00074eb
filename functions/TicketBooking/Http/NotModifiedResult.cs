namespace TicketBooking.Http;

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
