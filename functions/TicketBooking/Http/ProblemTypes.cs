namespace TicketBooking.Http;

/// <summary>The stable <c>type</c> values of every problem the API returns (documented in docs/api.md).</summary>
public static class ProblemTypes
{
    public const string Validation = "/problems/validation";
    public const string MalformedJson = "/problems/malformed-json";
    public const string UnsupportedMediaType = "/problems/unsupported-media-type";
    public const string PayloadTooLarge = "/problems/payload-too-large";
    public const string Unauthorized = "/problems/unauthorized";
    public const string Forbidden = "/problems/forbidden";
    public const string NotFound = "/problems/not-found";
    public const string EventNotFound = "/problems/event-not-found";
    public const string SectionNotFound = "/problems/section-not-found";
    public const string MethodNotAllowed = "/problems/method-not-allowed";
    public const string Conflict = "/problems/conflict";
    public const string Unavailable = "/problems/service-unavailable";
    public const string PaymentUnavailable = "/problems/payment-unavailable";
    public const string InvalidSignature = "/problems/invalid-signature";
    public const string Internal = "/problems/internal";
}
