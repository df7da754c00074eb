using Microsoft.DurableTask;

namespace TicketBooking.Refunds;

/// <summary>The refunds' orchestrators and activities, registered the same way by both hosts' Durable Task workers.</summary>
public static class RefundTasks
{
    public static DurableTaskRegistry AddRefundTasks(this DurableTaskRegistry registry) => registry
        .AddOrchestrator<BookingRefundOrchestrator>()
        .AddActivity<CompleteRefundActivity>()
        .AddOrchestrator<EventCancellationOrchestrator>()
        .AddActivity<CountEventBookingsActivity>()
        .AddActivity<ListEventBookingsActivity>()
        .AddActivity<RefundBatchActivity>()
        .AddActivity<SaveCancellationProgressActivity>();
}
