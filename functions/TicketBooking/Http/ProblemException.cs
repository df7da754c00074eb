namespace TicketBooking.Http;

/// <summary>
/// A failure the caller can act on. Features throw it; one place (<see cref="ProblemMapper"/>) turns it
/// into application/problem+json.
/// </summary>
public class ProblemException(int status, string type, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(detail)
{
    public int Status { get; } = status;

    /// <summary>The stable problem type, a path under <c>/problems/</c>.</summary>
    public string Type { get; } = type;

    public string Title { get; } = title;

    public string Detail { get; } = detail;

    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}

/// <summary>Request validation failed; <see cref="Errors"/> names each offending field.</summary>
public sealed class ValidationProblemException(IReadOnlyDictionary<string, string[]> errors)
    : ProblemException(
        StatusCodes.Status400BadRequest,
        ProblemTypes.Validation,
        "The request is not valid.",
        string.Join(" ", errors.SelectMany(e => e.Value)),
        new Dictionary<string, object?> { ["errors"] = errors })
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
