using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TicketBooking.Auth;
using TicketBooking.Hosting;
using TicketBooking.Http;
using TicketBooking.Payments;
using TicketBooking.RateLimiting;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Booking;

/// <summary>
/// The booking's HTTP handlers. Both hosts bind them to <see cref="ApiRoutes"/> and hand in their Durable Task client
/// (the Functions app from its <c>[DurableClient]</c> binding, the local host from its sidecar).
/// </summary>
public sealed class BookingApi(
    ReserveSeats reserve,
    ConfirmReservation confirm,
    CancelOrExpire cancel,
    SettlePayment settle,
    StoredReservations reservations,
    Authenticator authenticator,
    RateLimits limits,
    StripeWebhook webhook,
    WaitingRooms rooms,
    HoldExpiry holds,
    TimeProvider time,
    ILogger<BookingApi> logger)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>The largest Stripe webhook body read (Stripe's events are a few KiB); a larger one is refused with 413 unread.</summary>
    public const int MaxWebhookBodyBytes = 64 * 1024;

    public async Task<IResult> ReserveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken);
        limits.Check(RateLimitPolicy.Reserve, caller.UserId);
        var key = IdempotencyKey(request);
        var body = await request.ReadJsonAsync<ReserveRequest>(cancellationToken);
        await rooms.EnsureAdmittedAsync(caller.UserId, ReserveRequest.Validate(body).EventId, request.Headers[WaitingRoomApi.QueuePassHeader].ToString(),
            cancellationToken);
        var (reservation, created) = await reserve.ReserveAsync(caller.UserId, body, key, cancellationToken);
        var location = $"/{ApiRoutes.Prefix}/booking/{reservation.Id}";

        // No orchestration yet: this instance expires the hold at its end unless a payment starts on it (then the
        // reservation's orchestration owns it). A replay keeps it too, in case the first request's instance is gone.
        holds.Track(reservation);
        return Json(ReservationView.From(reservation, time.GetUtcNow()), created ? StatusCodes.Status201Created : StatusCodes.Status200OK, location);
    }

    public async Task<IResult> ConfirmAsync(HttpRequest request, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken);
        limits.Check(RateLimitPolicy.Confirm, caller.UserId);
        var body = await request.ReadJsonAsync<ConfirmRequest>(cancellationToken);
        if (string.IsNullOrWhiteSpace(body.ReservationId))
        {
            throw new InvalidRequestException(new Dictionary<string, string[]> { ["reservationId"] = ["'reservationId' is required."] });
        }

        TicketBookingTelemetry.Tag(null, body.ReservationId.Trim());
        var outcome = await confirm.ConfirmAsync(caller.UserId, body.ReservationId.Trim(), body.PaymentMethodId?.Trim() ?? "",
            held => StartAsync(durable, held), cancellationToken);
        var r = outcome.Reservation;
        if (outcome.RequiresAction)
        {
            return Json(new PaymentActionView(r.Id, "requires_action", outcome.PaymentId ?? "", outcome.ClientSecret!, r.ExpiresAt), StatusCodes.Status202Accepted);
        }

        await SignalAsync(durable, r.Id, new ReservationSignal(ReservationSignalKind.Confirmed));
        return Json(ReservationView.From(r, time.GetUtcNow()));
    }

    public async Task<IResult> GetAsync(HttpRequest request, string reservationId, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken);
        TicketBookingTelemetry.Tag(null, reservationId);
        var reservation = await reservations.GetAsync(caller.UserId, reservationId, cancellationToken);
        return Json(ReservationView.From(reservation, time.GetUtcNow()));
    }

    public async Task<IResult> CancelAsync(HttpRequest request, string reservationId, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken);
        limits.Check(RateLimitPolicy.Cancel, caller.UserId);
        TicketBookingTelemetry.Tag(null, reservationId);
        var reservation = await cancel.CancelAsync(caller.UserId, reservationId, cancellationToken);
        holds.Forget(reservation.Id);
        if (reservation.Payment.Attempt > 0)
        {
            // Only a reservation a payment started on has an orchestration.
            await SignalAsync(durable, reservation.Id, new ReservationSignal(ReservationSignalKind.Cancelled));
        }

        return Json(ReservationView.From(reservation, time.GetUtcNow()));
    }

    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken);
        var pageSize = DefaultPageSize;
        var size = request.Query["pageSize"].ToString();
        if (size.Length > 0 && (!int.TryParse(size, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            throw new InvalidRequestException(new Dictionary<string, string[]> { ["pageSize"] = [$"'pageSize' is a number from 1 to {MaxPageSize}."] });
        }

        string? after = null;
        var cursor = request.Query["cursor"].ToString();
        if (cursor.Length > 0 && (after = ReservationOrder.FromCursor(cursor)) is null)
        {
            throw new InvalidRequestException(new Dictionary<string, string[]> { ["cursor"] = ["'cursor' must be the 'next' value of a previous page."] });
        }

        var page = await reservations.ListAsync(caller.UserId, pageSize, after, cancellationToken);
        var now = time.GetUtcNow();
        return Json(new ReservationListView(page.Items.Select(r => ReservationView.From(r, now, withHistory: false)).ToArray(),
            page.Next is null ? null : ReservationOrder.ToCursor(page.Next)));
    }

    /// <summary>
    /// Stripe's webhook: a verified payment outcome goes to the reservation's orchestration as a signal. When the
    /// orchestration has already ended (a late or repeated delivery), the outcome is applied here directly, which
    /// refunds money that arrived for a reservation no longer waiting for it. A refund or dispute is marked on the
    /// booking the payment bought.
    /// </summary>
    public async Task<IResult> StripeWebhookAsync(HttpRequest request, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var json = await request.ReadTextAsync(MaxWebhookBodyBytes, cancellationToken);
        var delivery = webhook.Parse(json, request.Headers[StripeWebhook.SignatureHeader].ToString());
        if (delivery?.Charge is { } charge)
        {
            await RecordChargeEventAsync(durable, charge, cancellationToken);
            return Results.Ok();
        }

        if (delivery?.Payment is { } notification)
        {
            await RoutePaymentAsync(notification, durable, cancellationToken);
        }

        return Results.Ok();
    }

    /// <summary>
    /// Delivers a payment outcome (from Stripe's webhook, or locally from the simulator's 3-D Secure step) to its
    /// reservation: a signal to the running orchestration, or applied directly when the orchestration has ended.
    /// </summary>
    public async Task RoutePaymentAsync(PaymentNotification notification, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (!Reservation.IsWellFormedId(notification.ReservationId))
        {
            return;
        }

        var instance = await durable.GetInstanceAsync(notification.ReservationId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            logger.LogWarning("Payment {PaymentId} names reservation {ReservationId}, which has no orchestration here; nothing to route",
                notification.PaymentId, notification.ReservationId);
            return;
        }

        if (instance.IsRunning || instance.RuntimeStatus == OrchestrationRuntimeStatus.Pending)
        {
            await durable.RaiseEventAsync(notification.ReservationId, ReservationOrchestrator.SignalEvent,
                new ReservationSignal(ReservationSignalKind.Payment, notification), cancellationToken);
            return;
        }

        var input = instance.ReadInputAs<ReservationWorkflowInput>()
            ?? throw new InvalidOperationException($"Orchestration {notification.ReservationId} has no input.");
        await settle.ApplyPaymentAsync(input.UserId, input.ReservationId, notification, cancellationToken);
    }

    /// <summary>The user a reservation belongs to is in its orchestration's input (the payment names only the reservation).</summary>
    private async Task RecordChargeEventAsync(DurableTaskClient durable, ChargeNotification charge, CancellationToken cancellationToken)
    {
        var reservationId = await settle.FindReservationIdAsync(charge.PaymentId, cancellationToken);
        if (reservationId is null || !Reservation.IsWellFormedId(reservationId))
        {
            logger.LogInformation("Payment {PaymentId} was {ChargeEvent} but names no reservation of this service", charge.PaymentId, charge.Kind);
            return;
        }

        var input = (await durable.GetInstanceAsync(reservationId, getInputsAndOutputs: true, cancellationToken))?.ReadInputAs<ReservationWorkflowInput>();
        if (input is null)
        {
            logger.LogWarning("Payment {PaymentId} of reservation {ReservationId} was {ChargeEvent}, but the reservation has no orchestration here",
                charge.PaymentId, reservationId, charge.Kind);
            return;
        }

        await settle.RecordChargeEventAsync(input.UserId, reservationId, charge, cancellationToken);
    }

    /// <summary>
    /// Starts the orchestration of a held reservation whose first payment is about to start, before the reservation
    /// moves to confirming: from then on the orchestration, not <see cref="HoldExpiry"/>, ends it. Already started (a
    /// concurrent confirm) is fine; a start that fails answers 503 with nothing charged and the seats still held.
    /// </summary>
    private async Task StartAsync(DurableTaskClient durable, Reservation reservation)
    {
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(ReservationOrchestrator.Name,
                new ReservationWorkflowInput(reservation.Id, reservation.UserId, reservation.EventId, reservation.ExpiresAt),
                new StartOrchestrationOptions(reservation.Id), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!await durable.ExistsAsync(reservation.Id, logger))
            {
                logger.LogError(ex, "Could not start the orchestration of reservation {ReservationId}", reservation.Id);
                throw new DomainException(ErrorKind.Unavailable, "The payment could not be scheduled.",
                    "Nothing was charged and the seats stay held. Try again in a moment.") { RetryAfter = TimeSpan.FromSeconds(1) };
            }
        }

        holds.Forget(reservation.Id);
    }

    /// <summary>Tells the orchestration; if it cannot be told, its timer still finds the reservation settled.</summary>
    private async Task SignalAsync(DurableTaskClient durable, string reservationId, ReservationSignal signal)
    {
        try
        {
            await durable.RaiseEventAsync(reservationId, ReservationOrchestrator.SignalEvent, signal, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not signal {Signal} to the orchestration of reservation {ReservationId}; its timer will settle it",
                signal.Kind, reservationId);
        }
    }

    private static string? IdempotencyKey(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
        {
            return null;
        }

        var key = values.ToString().Trim();
        if (values.Count != 1 || key.Length is 0 or > 255 || key.Any(c => c < 0x21 || c > 0x7e))
        {
            throw new InvalidRequestException(new Dictionary<string, string[]>
            {
                [IdempotencyKeyHeader] = ["The Idempotency-Key header is 1 to 255 visible ASCII characters (a UUID is a good choice)."],
            });
        }

        return key;
    }

    private static RawJsonResult Json<T>(T value, int status = StatusCodes.Status200OK, string? location = null) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, ApiJson.Options), status, location: location, cacheControl: "no-store");
}
