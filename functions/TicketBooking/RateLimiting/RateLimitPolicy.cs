namespace TicketBooking.RateLimiting;

/// <summary>The limits <see cref="RateLimits"/> enforces; each has its own buckets, keyed by user or by client address.</summary>
public enum RateLimitPolicy
{
    /// <summary><c>POST /api/booking/reserve</c>, per user.</summary>
    Reserve,

    /// <summary><c>PUT /api/booking/confirm</c>, per user.</summary>
    Confirm,

    /// <summary><c>DELETE /api/booking/{id}</c> and <c>DELETE /api/bookings/{id}</c> (a refund), per user.</summary>
    Cancel,

    /// <summary><c>POST /api/event/{eventId}/queue</c>, per user.</summary>
    QueueJoin,

    /// <summary><c>POST /api/admin/events/{eventId}/check-in</c>, per scanning user (a gate's device).</summary>
    CheckIn,

    /// <summary>Event, tickets and search reads, per client address.</summary>
    AnonymousReads,
}
