namespace TicketBooking.WaitingRoom;

/// <summary>
/// The on-sale ranking of an event's pre-queue, step by step; each step is stored before the next begins, so a ranking
/// interrupted by a crash resumes where it stood and hands out the same positions.
/// </summary>
public enum RankingPhase
{
    /// <summary>Before the on-sale: joins go to the pre-queue unordered.</summary>
    Collecting,

    /// <summary>The pre-queue is closed and its seed drawn; its shuffled order is being written in chunks.</summary>
    Frozen,

    /// <summary>The order is written; positions are being given chunk by chunk.</summary>
    Ranking,

    /// <summary>Every pre-queue entry has its position; joins are ordered by arrival after them.</summary>
    Ranked,
}
