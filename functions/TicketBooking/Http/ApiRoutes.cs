namespace TicketBooking.Http;

/// <summary>
/// Every route of the HTTP API, relative to the <c>/api</c> prefix. Both hosts bind these constants:
/// the Functions app in its trigger attributes, the local host in its endpoint map.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "api";

    public const string Health = "health";
    public const string HealthReady = "health/ready";
    public const string OpenApiDocument = "openapi/v1.json";
    public const string CreateEvent = "admin/events";
    public const string Event = "event/{eventId}";
    public const string EventTickets = "event/{eventId}/tickets";
    public const string EventStream = "event/{eventId}/stream";
    public const string DevToken = "dev/token";
    public const string DevPaymentAuthentication = "dev/payments/{paymentId}/authenticate";
    public const string Search = "search";
    public const string SearchRebuild = "admin/search/rebuild";
    public const string Reserve = "booking/reserve";
    public const string Confirm = "booking/confirm";
    public const string Reservation = "booking/{reservationId}";
    public const string Bookings = "bookings";
    public const string Booking = "bookings/{bookingId}";
    public const string RefundPolicy = "admin/events/{eventId}/refund-policy";
    public const string EventSchedule = "admin/events/{eventId}/schedule";
    public const string CancelEvent = "admin/events/{eventId}/cancel";
    public const string EventCancellation = "admin/events/{eventId}/cancellation";
    public const string RetryEventCancellation = "admin/events/{eventId}/cancellation/retry";
    public const string StripeWebhook = "payments/stripe/webhook";
    public const string WaitingRoom = "event/{eventId}/waiting-room";
    public const string QueueJoin = "event/{eventId}/queue";
    public const string QueueEntry = "event/{eventId}/queue/{queueId}";
    public const string QueueStream = "event/{eventId}/queue/{queueId}/stream";
    public const string WaitingRoomSettings = "admin/events/{eventId}/waiting-room";
    public const string BookingTickets = "bookings/{bookingId}/tickets";
    public const string TicketQrSvg = "bookings/{bookingId}/tickets/{ticketId}/qr.svg";
    public const string TicketQrPng = "bookings/{bookingId}/tickets/{ticketId}/qr.png";
    public const string CheckIn = "admin/events/{eventId}/check-in";
    public const string EventStaff = "admin/events/{eventId}/staff";
}
