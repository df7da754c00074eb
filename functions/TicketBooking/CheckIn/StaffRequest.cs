namespace TicketBooking.CheckIn;

/// <summary>The whole list of people who may check tickets in at an event's doors (it replaces the previous list).</summary>
public sealed record StaffRequest
{
    public const int MaxStaff = 200;
    public const int MaxUserIdLength = 128;

    public IReadOnlyList<string?>? UserIds { get; init; }
}
