using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TicketBooking.Http;

namespace TicketBooking.Functions.Hosting;

/// <summary>
/// The OpenAPI document of the API: the copy checked in as docs/openapi/v1.json (the local host builds it from its
/// endpoints; <c>OpenApiDocumentTests</c> fails when the copy is stale), embedded in the app at build time.
/// </summary>
public sealed class OpenApiFunctions
{
    public const string ResourceName = "openapi.json";

    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(OpenApiFunctions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded in the app.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    [Function("OpenApiDocument")]
    public IActionResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.OpenApiDocument)] HttpRequest request)
    {
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        return new FileContentResult(Document.Value, "application/json;charset=utf-8");
    }
}
