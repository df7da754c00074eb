using Microsoft.Extensions.Logging.Abstractions;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Cosmos;
using TicketBooking.Errors;
using TicketBooking.Inventory;
using TicketBooking.Payments;
using TicketBooking.Refunds;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Booking;

/// <summary>
/// The Cosmos document requests of one booking's steps on the Cosmos-protocol server, counted by the client's request
/// handler: what docs/adr/0012-storage-requests-per-booking.md lists as needed, and nothing more.
/// </summary>
[Collection(CosmosCollection.Name)]
public sealed class StorageRequestsPerBookingTests : IDisposable
{
    private readonly CountedCosmos _counted;
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);
    private readonly ITicketInventory _inventory;
    private readonly EventCatalog _catalog;
    private readonly ReserveSeats _reserve;
    private readonly ConfirmReservation _confirm;
    private readonly CancelOrExpire _expiry;
    private readonly IReservationStore _store;
    private readonly SimulatedPaymentGateway _payments;
    private readonly SettlePayment _settle;
    private readonly BookingOptions _options = new() { HoldDuration = TimeSpan.FromMinutes(10), PaymentGrace = TimeSpan.FromMinutes(3) };

    public StorageRequestsPerBookingTests(CosmosServerFixture cosmos)
    {
        _counted = new CountedCosmos(cosmos);
        var board = new AvailabilityBoard(_time);
        _inventory = new CosmosTicketInventory(_counted.Database.GetContainer(Containers.Tickets), board, _time);
        var store = new CosmosReservationStore(_counted.Database.GetContainer(Containers.Reservations));
        _store = store;
        var reservations = new StoredReservations(store);
        var options = Microsoft.Extensions.Options.Options.Create(_options);
        var payments = new SimulatedPaymentGateway(_time);
        _payments = payments;
        var events = new InMemoryEventStore();
        var settle = _settle = new SettlePayment(reservations, new CosmosBookingStore(_counted.Database.GetContainer(Containers.Bookings)), _inventory, payments,
            new EventBookingGate(new InMemoryEventBookingIndex(), events), options, _time, NullLogger<SettlePayment>.Instance);
        _expiry = new CancelOrExpire(reservations, _inventory, settle, _time, NullLogger<CancelOrExpire>.Instance);
        _catalog = TestCatalog.Create(events, _inventory, board, _time);
        _reserve = new ReserveSeats(reservations, _inventory, _catalog, board, _expiry, options, _time, NullLogger<ReserveSeats>.Instance);
        _confirm = new ConfirmReservation(reservations, _inventory, payments, settle, _expiry, options, _time, NullLogger<ConfirmReservation>.Instance);
    }

    public void Dispose() => _counted.Dispose();

    /// <summary>An event whose seat map this instance has loaded, as it has once any customer looked at it.</summary>
    private async Task<string> EventAsync()
    {
        var id = "evt-" + Guid.NewGuid().ToString("N")[..12];
        await _catalog.AddAsync(new EventRecord(id, "Test", ["Band"], "concert", "", new Venue("Hall", "City", ""), _time.GetUtcNow().AddDays(30),
            [new SectionLayout("A", 2, 6, 40m, "USD")], EventStatus.Scheduled, "organizer", _time.GetUtcNow()), CancellationToken.None);
        await _inventory.GetTicketsAsync(id);
        return id;
    }

    private Task<(Reservation Reservation, bool Created)> ReserveAsync(string userId, string eventId, params string[] ticketIds) =>
        _reserve.ReserveAsync(userId, new ReserveRequest { EventId = eventId, TicketIds = [.. ticketIds] }, null, CancellationToken.None);

    [Fact]
    public async Task ReservingWritesEachSeatAndTheReservationOnce()
    {
        var eventId = await EventAsync();

        var requests = await _counted.CountAsync(() => ReserveAsync("u1", eventId, "A-1-1", "A-1-2", "A-1-3", "A-1-4"));

        Assert.Equal(new Dictionary<string, long>
        {
            ["tickets replace"] = 4, ["reservations create"] = 1, ["reservations query"] = 1,
        }, requests);
    }

    [Fact]
    public async Task AReserveThatWouldGoOverTheLimitThisInstanceSawIsRefusedByOneQueryBeforeAnySeatIsTouched()
    {
        var eventId = await EventAsync();
        await ReserveAsync("u1", eventId, "A-1-1", "A-1-2", "A-1-3", "A-1-4", "A-1-5", "A-1-6");

        var refused = await _counted.CountAsync(async () =>
            Assert.Equal(ErrorKind.TicketLimit, (await Assert.ThrowsAsync<DomainException>(() => ReserveAsync("u1", eventId, "A-2-1", "A-2-2", "A-2-3"))).Kind));

        Assert.Equal(new Dictionary<string, long> { ["reservations query"] = 1 }, refused);
    }

    [Fact]
    public async Task APaidConfirmOnTheInstanceThatMadeTheReservationStartsFromItsCopyAndWritesEachDocumentNoMoreThanItsStepsNeed()
    {
        var eventId = await EventAsync();
        var (reservation, _) = await ReserveAsync("u1", eventId, "A-1-1");

        var requests = await _counted.CountAsync(() => _confirm.ConfirmAsync("u1", reservation.Id, "pm_card_visa", CancellationToken.None));

        Assert.Equal(new Dictionary<string, long>
        {
            ["reservations replace"] = 3, ["tickets replace"] = 1, ["bookings create"] = 1,
        }, requests);
        Assert.Equal(TicketStatus.Booked, (await _inventory.GetTicketsAsync(eventId)).Single(t => t.TicketId == "A-1-1").Status);
    }

    [Fact]
    public async Task APaidConfirmOnAnotherInstanceReadsTheReservationOnce()
    {
        var eventId = await EventAsync();
        var (reservation, _) = await ReserveAsync("u1", eventId, "A-1-1");
        var elsewhere = new ConfirmReservation(new StoredReservations(_store), _inventory, _payments, _settle, _expiry,
            Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<ConfirmReservation>.Instance);

        var requests = await _counted.CountAsync(() => elsewhere.ConfirmAsync("u1", reservation.Id, "pm_card_visa", CancellationToken.None));

        Assert.Equal(new Dictionary<string, long>
        {
            ["reservations read"] = 1, ["reservations replace"] = 3, ["tickets replace"] = 1, ["bookings create"] = 1,
        }, requests);
    }

    [Fact]
    public async Task AConfirmFromAnOutOfDateCopyStillRefusesCorrectly()
    {
        var eventId = await EventAsync();
        var (reservation, _) = await ReserveAsync("u1", eventId, "A-1-1");
        var elsewhere = new CancelOrExpire(new StoredReservations(_store), _inventory, _settle, _time, NullLogger<CancelOrExpire>.Instance);
        await elsewhere.CancelAsync("u1", reservation.Id, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<DomainException>(() => _confirm.ConfirmAsync("u1", reservation.Id, "pm_card_visa", CancellationToken.None));

        Assert.Equal(ErrorKind.ReservationCancelled, refused.Kind);
        Assert.Equal(0, _payments.ChargeCount(reservation.Id));
    }

    [Fact]
    public async Task AConfirmNearTheHoldsEndExtendsTheSeatsHoldBeforeCharging()
    {
        var eventId = await EventAsync();
        var (reservation, _) = await ReserveAsync("u1", eventId, "A-1-1");
        _time.Advance(_options.HoldDuration - TimeSpan.FromMinutes(1));

        var requests = await _counted.CountAsync(() => _confirm.ConfirmAsync("u1", reservation.Id, "pm_card_visa", CancellationToken.None));

        Assert.Equal(2, requests["tickets replace"]);
        Assert.Equal(TicketStatus.Booked, (await _inventory.GetTicketsAsync(eventId)).Single(t => t.TicketId == "A-1-1").Status);
    }

    [Fact]
    public async Task AHoldThatExpiresReadsTheReservationOnceAndWritesItAndEachSeatOnce()
    {
        var eventId = await EventAsync();
        var (reservation, _) = await ReserveAsync("u1", eventId, "A-1-1", "A-1-2");
        _time.Advance(_options.HoldDuration + TimeSpan.FromSeconds(1));

        var requests = await _counted.CountAsync(() => _expiry.ExpireHoldAsync("u1", reservation.Id, retrying: false, CancellationToken.None));

        Assert.Equal(new Dictionary<string, long>
        {
            ["reservations read"] = 1, ["reservations replace"] = 1, ["tickets replace"] = 2,
        }, requests);
        Assert.All(await _inventory.GetTicketsAsync(eventId), t => Assert.Equal(TicketStatus.Available, t.Status));
    }
}
