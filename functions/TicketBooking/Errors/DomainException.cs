namespace TicketBooking.Errors;

/// <summary>
/// A failure the caller can act on. Features throw it with an <see cref="ErrorKind"/>, a short title and a detail
/// that says what to do; one place (<c>Http/ProblemMapper</c>) turns it into application/problem+json.
/// </summary>
public class DomainException(ErrorKind kind, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(detail)
{
    public ErrorKind Kind { get; } = kind;

    public string Title { get; } = title;

    public string Detail { get; } = detail;

    /// <summary>Extra members of the answer (ids, limits), shown to the caller as they are.</summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();

    /// <summary>When trying again makes sense (a rate limit, a daily cap), how long to wait first.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
