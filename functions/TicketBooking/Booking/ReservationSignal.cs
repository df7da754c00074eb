using Microsoft.DurableTask;
using TicketBooking.Payments;

namespace TicketBooking.Booking;

/// <summary>The one external event of the orchestration, <see cref="ReservationOrchestrator.SignalEvent"/>.</summary>
public sealed record ReservationSignal(ReservationSignalKind Kind, PaymentNotification? Payment = null);
