namespace TicketBooking.Auth;

/// <summary>The signed-in caller: the token's subject and roles.</summary>
public sealed record Caller(string UserId, IReadOnlySet<string> Roles)
{
    public bool IsInAnyRole(params string[] roles) => roles.Any(Roles.Contains);
}
