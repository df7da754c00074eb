using Microsoft.DurableTask;
using TicketBooking.Payments;

namespace TicketBooking.Booking;

/// <summary>What starts a reservation's orchestration (instance id = reservation id).</summary>
public sealed record ReservationWorkflowInput(string ReservationId, string UserId, string EventId, DateTimeOffset ExpiresAt);
