namespace TicketBooking.WaitingRoom;

/// <summary>
/// An event's waiting room, stored on its record. Before <see cref="OpensAt"/> the room is scheduled; from it until
/// <see cref="OnSaleAt"/> joins wait unordered (the pre-queue); from the on-sale on, positions are handed out and
/// <see cref="AdmitPerMinute"/> people a minute are admitted, each with a pass valid for <see cref="PassMinutes"/>.
/// <see cref="Changes"/> keeps where admission stood each time the rate or the pass length changed during the sale,
/// so a change applies only to those not yet admitted.
/// </summary>
public sealed record WaitingRoomSettings(
    bool Enabled,
    DateTimeOffset OpensAt,
    DateTimeOffset OnSaleAt,
    int AdmitPerMinute,
    int PassMinutes,
    IReadOnlyList<AdmissionSegment>? Changes = null)
{
    /// <summary>The most admission segments kept; older ones merge into the first kept (their people are long admitted).</summary>
    public const int MaxSegments = 64;

    public WaitingRoomState StateAt(DateTimeOffset now) =>
        !Enabled ? WaitingRoomState.Off
        : now < OpensAt ? WaitingRoomState.Scheduled
        : now < OnSaleAt ? WaitingRoomState.Prequeue
        : WaitingRoomState.Open;

    /// <summary>The admission segments in time order: the on-sale's, then one per change made during the sale.</summary>
    public IReadOnlyList<AdmissionSegment> Segments() =>
        Changes is { Count: > 0 } changes ? changes : [new AdmissionSegment(OnSaleAt, 0, AdmitPerMinute, PassMinutes)];
}
