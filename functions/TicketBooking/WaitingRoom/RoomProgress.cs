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
public sealed record RoomProgress(
    string EventId,
    RankingPhase Phase = RankingPhase.Collecting,
    long Prequeued = 0,
    long Ordered = 0,
    long Seed = 0,
    long Ranked = 0,
    int Chunks = 0,
    int RankedChunks = 0,
    DateTimeOffset? FrozenAt = null);
