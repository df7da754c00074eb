using System.ComponentModel.DataAnnotations;

namespace TicketBooking.Live;

/// <summary>The live seat stream of an event (section <c>Live</c>): how changes are batched and how far back a reconnect resumes.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>Changes within this window go out as one <c>seats</c> event, serialized once for every listener.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:02")]
    public TimeSpan CoalesceWindow { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// Bytes of recent <c>seats</c> events each listened event keeps for reconnects (256 KiB: thousands of changes);
    /// a client further behind gets a fresh snapshot.
    /// </summary>
    [Range(0, 64 * 1024 * 1024)]
    public int ChangeLogBytes { get; set; } = 256 * 1024;

    /// <summary>How long an event's change log outlives its last listener, so a client that reconnects soon resumes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan Linger { get; set; } = TimeSpan.FromMinutes(1);
}
