namespace TicketBooking.WaitingRoom;

/// <summary>
/// The one document per event that the drain and the ranking update (conditionally, one write per batch): how many
/// joined the pre-queue, how far positions have been handed out, and where the on-sale ranking stands.
/// </summary>
/// <param name="Prequeued">Entries written to the pre-queue (before the ranking froze it).</param>
/// <param name="Ordered">The highest position handed out; the next join after the on-sale gets the one after.</param>
/// <param name="Seed">The shuffle's seed, drawn once when the pre-queue is frozen.</param>
/// <param name="Ranked">How many pre-queue entries the frozen ranking orders (positions 1 to <c>Ranked</c>).</param>
/// <param name="Chunks">How many ranking chunks the frozen order was written in.</param>
/// <param name="RankedChunks">Chunks whose entries already have their positions.</param>
/// <param name="ListFrom">
/// Set once the event sold out and its waiting list opened: the highest position admitted before (by the room's clock).
/// Every position after it is admitted by a seat that came back, one seat one person (<see cref="WaitingListAdmission"/>).
/// </param>
/// <param name="ListOpenedAt">When the waiting list opened.</param>
/// <param name="Returned">Seats returned to the list so far: positions <c>ListFrom + 1</c> to <c>ListFrom + Returned</c> are admitted.</param>
/// <param name="Grants">When recent list positions were admitted (those whose passes may still run), oldest first.</param>
/// <param name="ListEnded">The event started or was cancelled: its list admits nobody more and is no longer looked after.</param>
public sealed record RoomProgress(
    string EventId,
    RankingPhase Phase = RankingPhase.Collecting,
    long Prequeued = 0,
    long Ordered = 0,
    long Seed = 0,
    long Ranked = 0,
    int Chunks = 0,
    int RankedChunks = 0,
    DateTimeOffset? FrozenAt = null,
    long? ListFrom = null,
    DateTimeOffset? ListOpenedAt = null,
    long Returned = 0,
    IReadOnlyList<ListGrant>? Grants = null,
    bool ListEnded = false)
{
    /// <summary>Whether the event's waiting list is open (the event sold out, its sale is not over): reserve then needs a pass.</summary>
    public bool ListOpen => ListFrom is not null && !ListEnded;
}
