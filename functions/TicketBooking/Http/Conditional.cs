namespace TicketBooking.Http;

public static class Conditional
{
    /// <summary>Whether the request's If-None-Match names <paramref name="etag"/> (or is <c>*</c>).</summary>
    public static bool Matches(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            foreach (var candidate in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                if (tag == "*" || tag == etag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
