namespace TicketBooking.CheckIn;

/// <summary>A scan at the door: the ticket code read from the QR code (or typed), and the gate or device that read it.</summary>
public sealed record CheckInRequest
{
    public const int MaxGateLength = 64;

    public string? Code { get; init; }

    public string? Gate { get; init; }
}
