namespace TicketBooking.WaitingRoom;

/// <summary>
/// Admission by wall clock: <c>serving</c>, the highest admitted position, is where the current segment started plus
/// the rate times the minutes since, capped by the positions handed out. A late or missed tick changes nothing: the
/// next read computes from the clock and catches up.
/// </summary>
public static class Admission
{
    /// <summary>The highest admitted position at <paramref name="now"/>, when <paramref name="ordered"/> positions exist.</summary>
    public static long Serving(WaitingRoomSettings room, long ordered, DateTimeOffset now)
    {
        if (now < room.OnSaleAt)
        {
            return 0;
        }

        var segment = SegmentAt(room.Segments(), now);
        var minutes = Math.Max(0, (now - segment.At).TotalMinutes);
        var reached = segment.Serving + (long)Math.Floor(segment.AdmitPerMinute * minutes + 1e-9);
        return Math.Clamp(reached, 0, Math.Max(0, ordered));
    }

    /// <summary>People in the room not admitted yet: the whole pre-queue before the on-sale, then those ordered beyond <paramref name="serving"/>.</summary>
    public static long Waiting(RoomProgress progress, long serving) =>
        progress.Phase == RankingPhase.Collecting
            ? progress.Prequeued
            : Math.Max(0, Math.Max(progress.Ordered, progress.Ranked) - serving);

    /// <summary>
    /// When <paramref name="position"/> was (or will be) admitted: when the clock reached it, and not before the person
    /// had that position (<paramref name="orderedAt"/>).
    /// </summary>
    public static DateTimeOffset AdmittedAt(WaitingRoomSettings room, long position, DateTimeOffset orderedAt)
    {
        var segments = room.Segments();
        var segment = segments[0];
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            if (segments[i].Serving < position)
            {
                segment = segments[i];
                break;
            }
        }

        var reached = segment.At + TimeSpan.FromMinutes((double)(position - segment.Serving) / segment.AdmitPerMinute);
        return reached > orderedAt ? reached : orderedAt;
    }

    /// <summary>How long a pass lasts for someone admitted at <paramref name="admittedAt"/>.</summary>
    public static TimeSpan PassLengthAt(WaitingRoomSettings room, DateTimeOffset admittedAt) =>
        TimeSpan.FromMinutes(SegmentAt(room.Segments(), admittedAt).PassMinutes);

    /// <summary>
    /// The settings with a new rate and pass length from <paramref name="now"/> on. Before the on-sale nobody is admitted
    /// yet, so the values simply change; during the sale a segment starts where <c>serving</c> stands now.
    /// </summary>
    public static WaitingRoomSettings Change(WaitingRoomSettings room, int admitPerMinute, int passMinutes, long ordered, DateTimeOffset now)
    {
        if (now < room.OnSaleAt)
        {
            return room with { AdmitPerMinute = admitPerMinute, PassMinutes = passMinutes, Changes = null };
        }

        if (admitPerMinute == room.AdmitPerMinute && passMinutes == room.PassMinutes)
        {
            return room;
        }

        var segments = room.Segments().ToList();
        segments.Add(new AdmissionSegment(now, Serving(room, ordered, now), admitPerMinute, passMinutes));
        if (segments.Count > WaitingRoomSettings.MaxSegments)
        {
            segments = [segments[0], .. segments.Skip(segments.Count - (WaitingRoomSettings.MaxSegments - 1))];
        }

        return room with { AdmitPerMinute = admitPerMinute, PassMinutes = passMinutes, Changes = segments };
    }

    private static AdmissionSegment SegmentAt(IReadOnlyList<AdmissionSegment> segments, DateTimeOffset at)
    {
        for (var i = segments.Count - 1; i > 0; i--)
        {
            if (segments[i].At <= at)
            {
                return segments[i];
            }
        }

        return segments[0];
    }
}
