namespace TicketBooking.Configuration;

/// <summary>Fails the options of <typeparamref name="TOptions"/> when they carry a local-only setting (<see cref="LocalOnlySettings.Find"/>).</summary>
public sealed class LocalOnlySettingsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var found = LocalOnlySettings.Find(options);
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}
