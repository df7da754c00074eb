using Microsoft.DurableTask;
using TicketBooking.Payments;

namespace TicketBooking.Booking;

/// <summary>The booking workflow's tasks, registered the same way by both hosts' Durable Task workers.</summary>
public static class BookingTasks
{
    public static DurableTaskRegistry AddBookingTasks(this DurableTaskRegistry registry) => registry
        .AddOrchestrator<ReservationOrchestrator>()
        .AddActivity<ExpireReservationActivity>()
        .AddActivity<ApplyPaymentActivity>();
}
