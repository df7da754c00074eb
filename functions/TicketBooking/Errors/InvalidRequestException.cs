namespace TicketBooking.Errors;

/// <summary>Request validation failed; <see cref="Errors"/> names each offending field with what it must be.</summary>
public sealed class InvalidRequestException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException(
        ErrorKind.InvalidRequest,
        "The request is not valid.",
        string.Join(" ", errors.SelectMany(e => e.Value)),
        new Dictionary<string, object?> { ["errors"] = errors })
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>One invalid field.</summary>
    public static InvalidRequestException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}
