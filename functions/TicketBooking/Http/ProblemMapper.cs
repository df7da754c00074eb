using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace TicketBooking.Http;

/// <summary>
/// The one place that turns exceptions into application/problem+json. Both hosts route every unhandled
/// exception of a request through <see cref="WriteAsync(HttpContext, Exception, ILogger)"/>.
/// </summary>
public static class ProblemMapper
{
    public const string ContentType = "application/problem+json";

    public static ProblemDetails ToProblem(Exception exception, string? instance = null)
    {
        var problem = exception switch
        {
            ProblemException p => new ProblemDetails { Status = p.Status, Type = p.Type, Title = p.Title, Detail = p.Detail },
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Type = ProblemTypes.PayloadTooLarge,
                Title = "The request body is too large.",
                Detail = "Send a smaller body.",
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Type = ProblemTypes.MalformedJson,
                Title = "The request could not be read.",
                Detail = bad.Message,
            },
            OperationCanceledException => new ProblemDetails
            {
                Status = 499,
                Type = ProblemTypes.Unavailable,
                Title = "The request was cancelled.",
                Detail = "The client closed the request before it completed.",
            },
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Type = ProblemTypes.Internal,
                Title = "An unexpected error occurred.",
                Detail = "The error was logged. Retry later; if it persists, quote the trace id.",
            },
        };

        if (exception is ProblemException withExtensions)
        {
            foreach (var (key, value) in withExtensions.Extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        problem.Instance = instance;
        return problem;
    }

    public static async Task WriteAsync(HttpContext context, Exception exception, ILogger logger)
    {
        var problem = ToProblem(exception, context.Request.Path);
        if (problem.Status >= 500 && exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }

        problem.Extensions["traceId"] = context.TraceIdentifier;
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        await WriteAsync(context.Response, problem, context.RequestAborted);
    }

    public static async Task WriteAsync(HttpResponse response, ProblemDetails problem, CancellationToken cancellationToken)
    {
        response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(response.Body, problem, ApiJson.Options, cancellationToken);
    }

    /// <summary>A problem result for a plain status code with no exception (404 route, 405 method).</summary>
    public static ProblemDetails ForStatus(int status) => status switch
    {
        StatusCodes.Status404NotFound => new ProblemDetails
        {
            Status = status, Type = ProblemTypes.NotFound, Title = "Not found.",
            Detail = "No resource or route matches this path. See docs/api.md for the API.",
        },
        StatusCodes.Status405MethodNotAllowed => new ProblemDetails
        {
            Status = status, Type = ProblemTypes.MethodNotAllowed, Title = "Method not allowed.",
            Detail = "This route exists but does not accept this HTTP method.",
        },
        _ => new ProblemDetails { Status = status, Title = "The request failed.", Type = ProblemTypes.Internal },
    };
}
