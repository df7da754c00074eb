using TicketBooking.Http;

namespace TicketBooking.Tickets;

/// <summary>An image with its content type, ETag and caching; 304 when the request's If-None-Match names the ETag.</summary>
public sealed class ImageResult(byte[] content, string contentType, string etag, string cacheControl) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = cacheControl;
        if (Conditional.Matches(httpContext.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = content.Length;
        response.Headers.XContentTypeOptions = "nosniff";
        await response.Body.WriteAsync(content, httpContext.RequestAborted);
    }
}
