using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Cosmos;

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
            DomainException d => new ProblemDetails { Status = StatusOf(d.Kind), Type = TypeOf(d.Kind), Title = d.Title, Detail = d.Detail },
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
            CosmosException { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout }
                => new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Type = ProblemTypes.Unavailable,
                    Title = "The service is busy.",
                    Detail = "The store is taking more requests than it can serve right now. Try again after the Retry-After delay; a reserve sent with an Idempotency-Key is safe to repeat.",
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

        if (exception is DomainException withExtensions)
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
        if (RetryAfterOf(exception) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await WriteAsync(context.Response, problem, context.RequestAborted);
    }

    public static async Task WriteAsync(HttpResponse response, ProblemDetails problem, CancellationToken cancellationToken)
    {
        response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(response.Body, problem, ApiJson.Options, cancellationToken);
    }

    /// <summary>How long the caller should wait before trying again, when the failure says so.</summary>
    private static TimeSpan? RetryAfterOf(Exception exception) => exception switch
    {
        DomainException { RetryAfter: { } wait } => wait,
        CosmosException { StatusCode: HttpStatusCode.TooManyRequests } cosmos => cosmos.RetryAfter ?? TimeSpan.FromSeconds(1),
        CosmosException { StatusCode: HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout } => TimeSpan.FromSeconds(1),
        _ => null,
    };

    /// <summary>The HTTP status of each kind of domain failure.</summary>
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidRequest or ErrorKind.MalformedBody or ErrorKind.InvalidSignature or ErrorKind.InvalidTicketCode => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorKind.PaymentDeclined or ErrorKind.PaymentFailed => StatusCodes.Status402PaymentRequired,
        ErrorKind.Forbidden or ErrorKind.QueuePassRequired => StatusCodes.Status403Forbidden,
        ErrorKind.EventNotFound or ErrorKind.SectionNotFound or ErrorKind.ReservationNotFound or ErrorKind.QueueEntryNotFound
            or ErrorKind.TicketNotFound or ErrorKind.BookingNotFound => StatusCodes.Status404NotFound,
        ErrorKind.AlreadyExists or ErrorKind.TicketsUnavailable or ErrorKind.TicketLimit or ErrorKind.SalesClosed
            or ErrorKind.ReservationExpired or ErrorKind.ReservationCancelled or ErrorKind.ReservationConfirmed
            or ErrorKind.PaymentInProgress or ErrorKind.WaitingRoomClosed or ErrorKind.NotSoldOut or ErrorKind.AlreadyCheckedIn or ErrorKind.TicketRevoked
            or ErrorKind.RefundNotAllowed or ErrorKind.EventCancelled => StatusCodes.Status409Conflict,
        ErrorKind.BodyTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorKind.UnknownTickets or ErrorKind.IdempotencyKeyReused or ErrorKind.AmountNotChargeable => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.RateLimited or ErrorKind.OrganizerLimit => StatusCodes.Status429TooManyRequests,
        ErrorKind.PaymentUnavailable or ErrorKind.Unavailable or ErrorKind.ListenerLimit => StatusCodes.Status503ServiceUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "This kind of failure has no HTTP status."),
    };

    /// <summary>The stable problem type of each kind of domain failure (the table in docs/api.md).</summary>
    public static string TypeOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidRequest => ProblemTypes.Validation,
        ErrorKind.MalformedBody => ProblemTypes.MalformedJson,
        ErrorKind.UnsupportedMediaType => ProblemTypes.UnsupportedMediaType,
        ErrorKind.BodyTooLarge => ProblemTypes.PayloadTooLarge,
        ErrorKind.Unauthenticated => ProblemTypes.Unauthorized,
        ErrorKind.Forbidden => ProblemTypes.Forbidden,
        ErrorKind.EventNotFound => ProblemTypes.EventNotFound,
        ErrorKind.SectionNotFound => ProblemTypes.SectionNotFound,
        ErrorKind.ReservationNotFound => ProblemTypes.ReservationNotFound,
        ErrorKind.AlreadyExists => ProblemTypes.Conflict,
        ErrorKind.UnknownTickets => ProblemTypes.UnknownTickets,
        ErrorKind.TicketsUnavailable => ProblemTypes.TicketsUnavailable,
        ErrorKind.TicketLimit => ProblemTypes.TicketLimit,
        ErrorKind.SalesClosed => ProblemTypes.SalesClosed,
        ErrorKind.IdempotencyKeyReused => ProblemTypes.IdempotencyKeyReused,
        ErrorKind.ReservationExpired => ProblemTypes.ReservationExpired,
        ErrorKind.ReservationCancelled => ProblemTypes.ReservationCancelled,
        ErrorKind.ReservationConfirmed => ProblemTypes.ReservationConfirmed,
        ErrorKind.PaymentInProgress => ProblemTypes.PaymentInProgress,
        ErrorKind.PaymentDeclined => ProblemTypes.PaymentDeclined,
        ErrorKind.PaymentFailed => ProblemTypes.PaymentFailed,
        ErrorKind.PaymentUnavailable => ProblemTypes.PaymentUnavailable,
        ErrorKind.AmountNotChargeable => ProblemTypes.AmountNotChargeable,
        ErrorKind.InvalidSignature => ProblemTypes.InvalidSignature,
        ErrorKind.RateLimited => ProblemTypes.RateLimited,
        ErrorKind.OrganizerLimit => ProblemTypes.OrganizerLimit,
        ErrorKind.Unavailable => ProblemTypes.Unavailable,
        ErrorKind.ListenerLimit => ProblemTypes.ListenerLimit,
        ErrorKind.WaitingRoomClosed => ProblemTypes.WaitingRoomClosed,
        ErrorKind.QueuePassRequired => ProblemTypes.QueuePassRequired,
        ErrorKind.QueueEntryNotFound => ProblemTypes.QueueEntryNotFound,
        ErrorKind.NotSoldOut => ProblemTypes.NotSoldOut,
        ErrorKind.TicketNotFound => ProblemTypes.TicketNotFound,
        ErrorKind.InvalidTicketCode => ProblemTypes.InvalidTicketCode,
        ErrorKind.AlreadyCheckedIn => ProblemTypes.AlreadyCheckedIn,
        ErrorKind.TicketRevoked => ProblemTypes.TicketRevoked,
        ErrorKind.BookingNotFound => ProblemTypes.BookingNotFound,
        ErrorKind.RefundNotAllowed => ProblemTypes.RefundNotAllowed,
        ErrorKind.EventCancelled => ProblemTypes.EventCancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "This kind of failure has no problem type."),
    };

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
