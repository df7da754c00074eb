namespace TicketBooking.WaitingRoom;

/// <summary>A slice of a frozen pre-queue order: these queue ids get positions <see cref="FirstPosition"/> on, in this order.</summary>
public sealed record RankingChunk(long FirstPosition, IReadOnlyList<string> QueueIds);
