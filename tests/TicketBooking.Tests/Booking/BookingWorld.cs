using Microsoft.Extensions.Logging.Abstractions;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Inventory;
using TicketBooking.Payments;
using TicketBooking.Refunds;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Booking;

/// <summary>The booking's domain on the embedded stores and the payment simulator, on a clock the test moves.</summary>
public sealed class BookingWorld
{
    public ManualTime Time { get; } = new(DateTimeOffset.UtcNow);
    public InMemoryTicketInventory Inventory { get; }
    public InMemoryReservationStore Store { get; } = new();
    public InMemoryBookingStore Bookings { get; } = new();
    public SimulatedPaymentGateway Payments { get; }

    /// <summary>The gateway the reservations charge through: the simulator behind a gate a test can close.</summary>
    public GatedPaymentGateway PaymentGate { get; }
    public EventCatalog Catalog { get; }
    public StoredReservations Reservations { get; }
    public ReserveSeats ReserveSeats { get; }
    public ConfirmReservation ConfirmReservation { get; }
    public CancelOrExpire CancelOrExpire { get; }
    public SettlePayment SettlePayment { get; }
    public InMemoryEventStore Events { get; } = new();
    public InMemoryEventBookingIndex EventBookings { get; } = new();
    public RefundBookings Refunds { get; }
    public RefundOptions RefundOptions { get; } = new() { RetryDelay = TimeSpan.Zero };
    public BookingOptions Options { get; } = new() { HoldDuration = TimeSpan.FromMinutes(10), PaymentGrace = TimeSpan.FromMinutes(3) };

    public BookingWorld()
    {
        var board = new AvailabilityBoard(Time);
        Inventory = new InMemoryTicketInventory(board, Time);
        Payments = new SimulatedPaymentGateway(Time);
        PaymentGate = new GatedPaymentGateway(Payments);
        Catalog = TestCatalog.Create(Events, Inventory, board, Time);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Reservations = new StoredReservations(Store);
        SettlePayment = new SettlePayment(Reservations, Bookings, Inventory, PaymentGate, new EventBookingGate(EventBookings, Events), options, Time,
            NullLogger<SettlePayment>.Instance);
        Refunds = new RefundBookings(Bookings, Reservations, Inventory, PaymentGate, Catalog, Microsoft.Extensions.Options.Options.Create(RefundOptions), Time,
            NullLogger<RefundBookings>.Instance);
        CancelOrExpire = new CancelOrExpire(Reservations, Inventory, SettlePayment, Time, NullLogger<CancelOrExpire>.Instance);
        ReserveSeats = new ReserveSeats(Reservations, Inventory, Catalog, board, CancelOrExpire, options, Time, NullLogger<ReserveSeats>.Instance);
        ConfirmReservation = new ConfirmReservation(Reservations, Inventory, PaymentGate, SettlePayment, CancelOrExpire, options, Time,
            NullLogger<ConfirmReservation>.Instance);
    }

    public async Task<string> AddEventAsync(int rows = 3, int seatsPerRow = 6, decimal price = 40m)
    {
        var id = "evt-" + Guid.NewGuid().ToString("N")[..12];
        await Catalog.AddAsync(new EventRecord(id, "Test", ["Band"], "concert", "", new Venue("Hall", "City", ""), Time.GetUtcNow().AddDays(30),
            [new SectionLayout("A", rows, seatsPerRow, price, "USD")], EventStatus.Scheduled, "organizer", Time.GetUtcNow()), CancellationToken.None);
        return id;
    }

    public Task<(Reservation Reservation, bool Created)> ReserveAsync(string userId, string eventId, params string[] ticketIds) =>
        ReserveSeats.ReserveAsync(userId, new ReserveRequest { EventId = eventId, TicketIds = [.. ticketIds] }, null, CancellationToken.None);

    public async Task<Ticket> TicketAsync(string eventId, string ticketId) =>
        (await Inventory.GetTicketsAsync(eventId)).Single(t => t.TicketId == ticketId);
}
