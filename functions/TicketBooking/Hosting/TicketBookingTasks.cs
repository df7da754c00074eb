using Microsoft.DurableTask;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Refunds;

namespace TicketBooking.Hosting;

/// <summary>Every orchestrator and activity of the application: the one registration both hosts' Durable Task workers use.</summary>
public static class TicketBookingTasks
{
    public static DurableTaskRegistry AddTicketBookingTasks(this DurableTaskRegistry registry) => registry
        .AddBookingTasks()
        .AddCatalogTasks()
        .AddRefundTasks();
}
