using System.Net;
using TicketBooking.Auth;
using TicketBooking.Errors;
using TicketBooking.Http;

namespace TicketBooking.Local.DevSignIn;

/// <summary>
/// Development sign-in, local host only (the Functions app never maps it): a JWT for any user and roles,
/// signed with a key generated per run unless <c>Auth:SigningKey</c> is set. It answers only callers on this machine
/// (a loopback remote address); anyone else gets the 404 of a route that does not exist.
/// </summary>
internal static class DevSignIn
{
    public sealed record TokenRequest(string? UserId, List<string>? Roles);

    public sealed record TokenResponse(string Token, string UserId, IReadOnlyList<string> Roles);

    private static readonly HashSet<string> KnownRoles = new(StringComparer.OrdinalIgnoreCase) { Roles.Organizer, Roles.Admin, "customer" };

    public static IServiceCollection AddDevSignIn(this IServiceCollection services)
    {
        services.PostConfigure<AuthOptions>(o => o.SigningKey ??= LocalTokenIssuer.NewSigningKey());
        services.AddSingleton<LocalTokenIssuer>();
        return services;
    }

    /// <summary>A loopback address, IPv4-mapped or not; an unknown address is not.</summary>
    public static bool IsLoopback(IPAddress? remote) =>
        remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);

    public static IEndpointRouteBuilder MapDevSignIn(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + ApiRoutes.Prefix + "/" + ApiRoutes.DevToken, async (HttpRequest request, LocalTokenIssuer issuer, CancellationToken ct) =>
        {
            var body = await request.ReadJsonAsync<TokenRequest>(ct);
            var userId = body.UserId?.Trim() ?? "";
            var roles = body.Roles ?? [];
            var errors = new Dictionary<string, string[]>();
            if (userId.Length is 0 or > 128 || !userId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@'))
            {
                errors["userId"] = ["'userId' is 1 to 128 letters, digits or '-', '_', '.', '@'."];
            }

            if (roles.Any(r => !KnownRoles.Contains(r ?? "")))
            {
                errors["roles"] = [$"Known roles: {string.Join(", ", KnownRoles)}."];
            }

            if (errors.Count > 0)
            {
                throw new InvalidRequestException(errors);
            }

            return Results.Json(new TokenResponse(issuer.Issue(userId, roles), userId, roles), ApiJson.Options);
        }).AddEndpointFilter(async (context, next) =>
            IsLoopback(context.HttpContext.Connection.RemoteIpAddress) ? await next(context) : Results.NotFound());
        return app;
    }
}
