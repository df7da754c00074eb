namespace TicketBooking.Auth;

/// <summary>
/// Checks <see cref="AuthOptions"/> at start: some way to validate tokens, and with an authority an https address,
/// the audience, the issuer and asymmetric algorithms only. Each failure names its setting.
/// </summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (!options.UsesAuthority)
        {
            return string.IsNullOrWhiteSpace(options.SigningKey)
                ? ValidateOptionsResult.Fail("Set Auth:Authority to the OIDC authority that issues the API's tokens.")
                : ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add("Auth:Authority is not an https URL.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Auth:Audience is not set: set it to the audience (aud) of the API's tokens, such as api://<app-id>.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add("Auth:Issuer is not set: set it to the issuer (iss) of the API's tokens (Entra ID v2.0: the authority).");
        }

        var algorithms = options.AlgorithmList();
        var refused = algorithms.Where(a => !AuthOptions.AsymmetricAlgorithms.Contains(a)).ToList();
        if (algorithms.Count == 0 || refused.Count > 0)
        {
            failures.Add($"Auth:Algorithms must list signature algorithms from {string.Join(", ", AuthOptions.AsymmetricAlgorithms)}"
                + (refused.Count > 0 ? $"; not accepted: {string.Join(", ", refused)}." : "."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
