namespace TicketBooking.WaitingRoom;

/// <summary>
/// Admission on an event's waiting list, computed from its progress: positions after <see cref="RoomProgress.ListFrom"/>
/// are admitted one for each seat returned to the list (<see cref="RoomProgress.Returned"/>), in order, each with a pass
/// that runs for the pass length from its grant. The list hands out another pass only while the seats free outnumber
/// the passes still running, so a returned seat is never promised to two people, and a pass that lapses unused leaves
/// its seat free: the next person in line gets it.
/// </summary>
public static class WaitingListAdmission
{
    /// <summary>The most grants kept; past it the two oldest merge into one (at the later time, so no pass ends early).</summary>
    public const int MaxGrants = 256;

    /// <summary>How long a pass from an event's waiting list lasts: the room's pass length, else the default.</summary>
    public static TimeSpan PassLength(WaitingRoomSettings? room) =>
        TimeSpan.FromMinutes(room?.PassMinutes ?? WaitingRoomRules.DefaultPassMinutes);

    /// <summary>The highest admitted position of an open list.</summary>
    public static long Serving(RoomProgress progress) => (progress.ListFrom ?? 0) + progress.Returned;

    /// <summary>People on the list not admitted yet.</summary>
    public static long Waiting(RoomProgress progress) => Math.Max(0, Ordered(progress) - Serving(progress));

    /// <summary>When list position <paramref name="position"/> was admitted; null when it is not (or no longer known, long lapsed).</summary>
    public static DateTimeOffset? AdmittedAt(RoomProgress progress, long position) =>
        progress.Grants?.FirstOrDefault(g => g.From <= position && position <= g.Through)?.At;

    /// <summary>
    /// Passes that may still be used at <paramref name="now"/>: those the list granted within the pass length, and those
    /// the room's clock admitted within its pass length before the list opened.
    /// </summary>
    public static long RunningPasses(RoomProgress progress, WaitingRoomSettings? room, DateTimeOffset now)
    {
        var length = PassLength(room);
        var running = progress.Grants?.Where(g => g.At + length > now).Sum(g => g.Count) ?? 0;
        if (room is { Enabled: true } && progress.ListFrom is { } from && from > 0)
        {
            // Positions the room admitted after now minus the pass length still hold passes.
            var lapsedThrough = Admission.Serving(room, progress.Ordered, now - TimeSpan.FromMinutes(room.PassMinutes));
            running += Math.Max(0, from - Math.Min(from, lapsedThrough));
        }

        return running;
    }

    /// <summary>
    /// The progress after granting <paramref name="count"/> more positions at <paramref name="now"/>: the counter of
    /// returned seats moves on, and grants whose passes have all lapsed are dropped.
    /// </summary>
    public static RoomProgress Grant(RoomProgress progress, int count, WaitingRoomSettings? room, DateTimeOffset now)
    {
        var length = PassLength(room);
        var serving = Serving(progress);
        var grants = (progress.Grants ?? []).Where(g => g.At + length > now).ToList();
        grants.Add(new ListGrant(now, serving + 1, serving + count));
        while (grants.Count > MaxGrants)
        {
            grants[1] = new ListGrant(grants[1].At, grants[0].From, grants[1].Through);
            grants.RemoveAt(0);
        }

        return progress with { Returned = progress.Returned + count, Grants = grants };
    }

    private static long Ordered(RoomProgress progress) => Math.Max(progress.Ordered, progress.Ranked);
}
