namespace TicketBooking.Configuration;

/// <summary>
/// Marks a setting that only local runs use (emulator keys, development signing keys, test endpoints): on an options
/// property, the setting itself; on an enum member, that value of a setting (such as an in-process simulator).
/// Azure deployments never set it: the app-settings check skips such properties, and the Functions app refuses to
/// start when one is set (<see cref="LocalOnlySettings"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class LocalOnlyAttribute : Attribute;
