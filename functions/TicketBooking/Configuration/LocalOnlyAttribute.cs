namespace TicketBooking.Configuration;

/// <summary>
/// Marks an options property that only local runs use (emulator keys, development signing keys).
/// Azure deployments never set it; the app-settings check skips it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LocalOnlyAttribute : Attribute;
