using Microsoft.DurableTask.Client;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.CheckIn;
using TicketBooking.Hosting;
using TicketBooking.Http;
using TicketBooking.Live;
using TicketBooking.Refunds;
using TicketBooking.Search;
using TicketBooking.Tickets;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Local.Api;

/// <summary>
/// The local host's binding of the shared handlers to <see cref="ApiRoutes"/>. The Functions app binds the same
/// handlers in its trigger attributes; <c>RouteParityTests</c> fails when the two tables drift apart.
/// </summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapTicketBookingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/" + ApiRoutes.Prefix);

        api.MapGet(ApiRoutes.Health, (HealthApi h) => h.Get());
        api.MapGet(ApiRoutes.HealthReady, (HealthApi h, CancellationToken ct) => h.GetReadyAsync(ct));

        api.MapPost(ApiRoutes.CreateEvent, (HttpRequest r, CatalogApi h, DurableTaskClient d, CancellationToken ct) => h.CreateEventAsync(r, d, ct));
        api.MapGet(ApiRoutes.Event, (HttpRequest r, string eventId, CatalogApi h, CancellationToken ct) => h.GetEventAsync(r, eventId, ct));
        api.MapGet(ApiRoutes.EventTickets, (HttpRequest r, string eventId, CatalogApi h, CancellationToken ct) => h.GetTicketsAsync(r, eventId, ct));
        api.MapPut(ApiRoutes.RefundPolicy, (HttpRequest r, string eventId, CatalogApi h, CancellationToken ct) => h.SetRefundPolicyAsync(r, eventId, ct));
        api.MapPut(ApiRoutes.EventSchedule, (HttpRequest r, string eventId, CatalogApi h, CancellationToken ct) => h.RescheduleAsync(r, eventId, ct));
        api.MapPost(ApiRoutes.CancelEvent, (HttpRequest r, string eventId, RefundsApi h, DurableTaskClient d, CancellationToken ct) =>
            h.CancelEventAsync(r, eventId, d, ct));
        api.MapGet(ApiRoutes.EventCancellation, (HttpRequest r, string eventId, RefundsApi h, CancellationToken ct) => h.GetCancellationAsync(r, eventId, ct));
        api.MapPost(ApiRoutes.RetryEventCancellation, (HttpRequest r, string eventId, RefundsApi h, DurableTaskClient d, CancellationToken ct) =>
            h.RetryCancellationAsync(r, eventId, d, ct));
        api.MapGet(ApiRoutes.EventStream, (HttpRequest r, string eventId, LiveApi h, CancellationToken ct) => h.StreamAsync(r, eventId, ct));

        api.MapPost(ApiRoutes.Reserve, (HttpRequest r, BookingApi h, CancellationToken ct) => h.ReserveAsync(r, ct));
        api.MapPut(ApiRoutes.Confirm, (HttpRequest r, BookingApi h, DurableTaskClient d, CancellationToken ct) => h.ConfirmAsync(r, d, ct));
        api.MapGet(ApiRoutes.Reservation, (HttpRequest r, string reservationId, BookingApi h, CancellationToken ct) => h.GetAsync(r, reservationId, ct));
        api.MapDelete(ApiRoutes.Reservation, (HttpRequest r, string reservationId, BookingApi h, DurableTaskClient d, CancellationToken ct) =>
            h.CancelAsync(r, reservationId, d, ct));
        api.MapGet(ApiRoutes.Bookings, (HttpRequest r, BookingApi h, CancellationToken ct) => h.ListAsync(r, ct));
        api.MapDelete(ApiRoutes.Booking, (HttpRequest r, string bookingId, RefundsApi h, DurableTaskClient d, CancellationToken ct) =>
            h.RefundAsync(r, bookingId, d, ct));
        api.MapPost(ApiRoutes.StripeWebhook, (HttpRequest r, BookingApi h, DurableTaskClient d, CancellationToken ct) => h.StripeWebhookAsync(r, d, ct));

        api.MapGet(ApiRoutes.WaitingRoom, (HttpRequest r, string eventId, WaitingRoomApi h, CancellationToken ct) => h.GetStateAsync(r, eventId, ct));
        api.MapPost(ApiRoutes.QueueJoin, (HttpRequest r, string eventId, WaitingRoomApi h, CancellationToken ct) => h.JoinAsync(r, eventId, ct));
        api.MapGet(ApiRoutes.QueueEntry, (HttpRequest r, string eventId, string queueId, WaitingRoomApi h, CancellationToken ct) =>
            h.GetEntryAsync(r, eventId, queueId, ct));
        api.MapGet(ApiRoutes.QueueStream, (HttpRequest r, string eventId, string queueId, WaitingRoomApi h, CancellationToken ct) =>
            h.StreamAsync(r, eventId, queueId, ct));
        api.MapPut(ApiRoutes.WaitingRoomSettings, (HttpRequest r, string eventId, WaitingRoomApi h, CancellationToken ct) => h.ConfigureAsync(r, eventId, ct));

        api.MapGet(ApiRoutes.BookingTickets, (HttpRequest r, string bookingId, TicketsApi h, CancellationToken ct) => h.ListAsync(r, bookingId, ct));
        api.MapGet(ApiRoutes.TicketQrSvg, (HttpRequest r, string bookingId, string ticketId, TicketsApi h, CancellationToken ct) =>
            h.QrSvgAsync(r, bookingId, ticketId, ct));
        api.MapGet(ApiRoutes.TicketQrPng, (HttpRequest r, string bookingId, string ticketId, TicketsApi h, CancellationToken ct) =>
            h.QrPngAsync(r, bookingId, ticketId, ct));
        api.MapPost(ApiRoutes.CheckIn, (HttpRequest r, string eventId, CheckInApi h, CancellationToken ct) => h.CheckInAsync(r, eventId, ct));
        api.MapPut(ApiRoutes.EventStaff, (HttpRequest r, string eventId, CheckInApi h, CancellationToken ct) => h.SetStaffAsync(r, eventId, ct));

        api.MapGet(ApiRoutes.Search, (HttpRequest r, SearchApi h, CancellationToken ct) => h.SearchAsync(r, ct));
        api.MapPost(ApiRoutes.Search, (HttpRequest r, SearchApi h, CancellationToken ct) => h.SearchAsync(r, ct));
        api.MapPost(ApiRoutes.SearchRebuild, (HttpRequest r, SearchApi h, CancellationToken ct) => h.RebuildAsync(r, ct));

        return app;
    }
}
