using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TicketBooking.Telemetry;

/// <summary>
/// Every metric of the application, on the one meter <see cref="TicketBookingTelemetry.MeterName"/>; both hosts export
/// the same names (docs/operations.md lists them). Measurements carry the event id (<see cref="TicketBookingTelemetry.EventIdAttribute"/>),
/// never a user id. Features call the <c>RecordXxx</c> methods; nothing here does I/O or throws.
/// </summary>
public static class TicketBookingMetrics
{
    public const string Holds = "ticketbooking.reservation.holds";
    public const string Confirmations = "ticketbooking.reservation.confirmations";
    public const string Expiries = "ticketbooking.reservation.expiries";
    public const string Cancellations = "ticketbooking.reservation.cancellations";
    public const string ExpiryLag = "ticketbooking.reservation.expiry.lag";
    public const string Declines = "ticketbooking.payment.declines";
    public const string Refunds = "ticketbooking.booking.refunds";
    public const string CheckIns = "ticketbooking.checkin.scans";
    public const string Conflicts = "ticketbooking.inventory.conflicts";
    public const string SearchDuration = "ticketbooking.search.duration";
    public const string Joins = "ticketbooking.waitingroom.joins";
    public const string Admissions = "ticketbooking.waitingroom.admissions";
    public const string QueueLength = "ticketbooking.waitingroom.queue.length";
    public const string StreamListeners = "ticketbooking.stream.listeners";
    public const string StorageRequests = "ticketbooking.storage.requests";
    public const string CosmosRequestCharge = "ticketbooking.storage.cosmos.charge";

    /// <summary>The attribute of <see cref="Conflicts"/>: <c>hold</c> or <c>book</c>.</summary>
    public const string OperationAttribute = "ticketbooking.operation";

    /// <summary>The attribute of <see cref="CheckIns"/>: <see cref="Admitted"/>, <see cref="Duplicate"/> or <see cref="Refused"/>.</summary>
    public const string CheckInOutcomeAttribute = "ticketbooking.checkin.outcome";

    /// <summary>A first scan: the ticket admitted.</summary>
    public const string Admitted = "admitted";

    /// <summary>A ticket scanned again after it admitted (409).</summary>
    public const string Duplicate = "duplicate";

    /// <summary>A code that does not admit: forged, misread, of another event, or of a refunded booking.</summary>
    public const string Refused = "refused";

    /// <summary>The attribute of <see cref="StreamListeners"/>: which stream (<see cref="SeatStream"/>, <see cref="QueueStream"/>).</summary>
    public const string StreamAttribute = "ticketbooking.stream";

    /// <summary>The attribute of <see cref="SearchDuration"/>: the search provider (Lucene or Azure).</summary>
    public const string ProviderAttribute = "ticketbooking.search.provider";

    /// <summary>The attributes of <see cref="StorageRequests"/>: the service (<c>Cosmos</c>, <c>DurableStorage</c>) and the operation.</summary>
    public const string StorageServiceAttribute = "ticketbooking.storage.service";

    public const string StorageOperationAttribute = "ticketbooking.storage.operation";

    public const string SeatStream = "seats";
    public const string QueueStream = "queue";

    private static readonly Meter Meter = new(TicketBookingTelemetry.MeterName, typeof(TicketBookingMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> HoldCounter = Meter.CreateCounter<long>(Holds, "{reservation}",
        "Reservations that hold seats (one per successful reserve).");

    private static readonly Counter<long> ConfirmationCounter = Meter.CreateCounter<long>(Confirmations, "{reservation}",
        "Reservations confirmed: seats booked and paid (or free).");

    private static readonly Counter<long> ExpiryCounter = Meter.CreateCounter<long>(Expiries, "{reservation}",
        "Reservations that expired: the hold ran out, a seat was lost, or the payment was not finished in time.");

    private static readonly Counter<long> CancellationCounter = Meter.CreateCounter<long>(Cancellations, "{reservation}",
        "Reservations cancelled by their customer or given up over the per-user ticket limit.");

    private static readonly Histogram<double> ExpiryLagHistogram = Meter.CreateHistogram(ExpiryLag, "s",
        "How late an expiry ran after its hold ended: grows when the orchestration engine falls behind.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600] });

    private static readonly Counter<long> RefundCounter = Meter.CreateCounter<long>(Refunds, "{booking}",
        "Bookings refunded: by their owner within the refund policy, or because the event was cancelled.");

    private static readonly Counter<long> CheckInCounter = Meter.CreateCounter<long>(CheckIns, "{scan}",
        "Ticket scans at the door by outcome: admitted, duplicate (scanned before) or refused (forged, other event, revoked).");

    private static readonly Counter<long> DeclineCounter = Meter.CreateCounter<long>(Declines, "{payment}",
        "Payment attempts declined by the provider.");

    private static readonly Counter<long> ConflictCounter = Meter.CreateCounter<long>(Conflicts, "{attempt}",
        "Hold or book attempts refused because another reservation holds or booked a seat (double bookings prevented).");

    private static readonly Histogram<double> SearchDurationHistogram = Meter.CreateHistogram(SearchDuration, "s",
        "Time to answer one search query.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    private static readonly Counter<long> JoinCounter = Meter.CreateCounter<long>(Joins, "{join}", "Joins to an event's waiting room.");

    private static readonly Counter<long> AdmissionCounter = Meter.CreateCounter<long>(Admissions, "{admission}",
        "People admitted from an event's waiting room (their pass issued).");

    private static readonly Gauge<long> QueueLengthGauge = Meter.CreateGauge<long>(QueueLength, "{person}",
        "People waiting in an event's waiting room, as last counted.");

    private static readonly UpDownCounter<long> StreamListenerCounter = Meter.CreateUpDownCounter<long>(StreamListeners, "{connection}",
        "Open server-sent event streams on this instance.");

    private static readonly Counter<long> StorageRequestsCounter = Meter.CreateCounter<long>(StorageRequests, "{request}",
        "Storage requests sent by this instance (only with StorageRequests:Count on): Cosmos DB, and the local Durable Task engine's Azure Storage.");

    private static readonly Counter<double> CosmosChargeCounter = Meter.CreateCounter<double>(CosmosRequestCharge, "{RU}",
        "Request units the Cosmos DB server charged for this instance's requests (only with StorageRequests:Count on).");

    public static void RecordHold(string eventId) => HoldCounter.Add(1, EventTag(eventId));

    public static void RecordConfirmation(string eventId) => ConfirmationCounter.Add(1, EventTag(eventId));

    public static void RecordExpiry(string eventId) => ExpiryCounter.Add(1, EventTag(eventId));

    public static void RecordCancellation(string eventId) => CancellationCounter.Add(1, EventTag(eventId));

    /// <summary>An expiry ran <paramref name="lag"/> after the hold's end (negative lags count as zero).</summary>
    public static void RecordExpiryLag(string eventId, TimeSpan lag) => ExpiryLagHistogram.Record(Math.Max(0, lag.TotalSeconds), EventTag(eventId));

    public static void RecordDecline(string eventId) => DeclineCounter.Add(1, EventTag(eventId));

    public static void RecordRefund(string eventId) => RefundCounter.Add(1, EventTag(eventId));

    /// <summary>One scan at the door; <paramref name="outcome"/> is <see cref="Admitted"/>, <see cref="Duplicate"/> or <see cref="Refused"/>.</summary>
    public static void RecordCheckIn(string eventId, string outcome) =>
        CheckInCounter.Add(1, EventTag(eventId), new KeyValuePair<string, object?>(CheckInOutcomeAttribute, outcome));

    /// <summary>A hold (<c>"hold"</c>) or a booking (<c>"book"</c>) was refused because a seat was someone else's.</summary>
    public static void RecordConflict(string eventId, string operation) =>
        ConflictCounter.Add(1, EventTag(eventId), new KeyValuePair<string, object?>(OperationAttribute, operation));

    public static void RecordSearch(TimeSpan duration, string provider) =>
        SearchDurationHistogram.Record(duration.TotalSeconds, new KeyValuePair<string, object?>(ProviderAttribute, provider));

    public static void RecordJoins(string eventId, long count = 1) => JoinCounter.Add(count, EventTag(eventId));

    public static void RecordAdmissions(string eventId, long count = 1) => AdmissionCounter.Add(count, EventTag(eventId));

    public static void RecordQueueLength(string eventId, long length) => QueueLengthGauge.Record(length, EventTag(eventId));

    /// <summary>One storage request sent (see <see cref="StorageRequestCounter"/>), with its Cosmos request charge if any.</summary>
    public static void RecordStorageRequest(StorageService service, string operation, double requestCharge)
    {
        var tags = new TagList { { StorageServiceAttribute, service.ToString() }, { StorageOperationAttribute, operation } };
        StorageRequestsCounter.Add(1, tags);
        if (requestCharge > 0)
        {
            CosmosChargeCounter.Add(requestCharge, tags);
        }
    }

    /// <summary>A stream opened; dispose the answer when it closes (<c>using var _ = TicketBookingMetrics.StreamOpened(...)</c>).</summary>
    public static IDisposable StreamOpened(string stream, string eventId)
    {
        var tags = new TagList { EventTag(eventId), { StreamAttribute, stream } };
        StreamListenerCounter.Add(1, tags);
        return new StreamListener(StreamListenerCounter, tags);
    }

    private static KeyValuePair<string, object?> EventTag(string eventId) => new(TicketBookingTelemetry.EventIdAttribute, eventId);
}
