using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
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
/// Best available under an on-sale rush, against one ticket store: many buyers at once asking for 1 or 2 seats of one
/// section until it is sold out. Every "unavailable" answer is checked against the store right after it: since
/// buyers only take seats, a block free then was free when the answer was given.
/// </summary>
public abstract class BestAvailableRushContract
{
    private const string Section = "A";

    protected ManualTime Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>The section's rows and seats per row, and how many buyers run at once.</summary>
    protected virtual (int Rows, int SeatsPerRow, int Buyers) Rush => (20, 30, 32);

    protected abstract ITicketInventory CreateInventory(ITicketChangeObserver observer);

    [Fact]
    public async Task ConcurrentBuyersOfOneAndTwoSeatsSellTheSectionOutWithoutAFalseUnavailableOrASeatTwice()
    {
        var market = new Market(this);
        var shop = market.AddInstance();
        var eventId = await market.AddEventAsync();

        var sold = await market.RushAsync(eventId, Enumerable.Range(0, Rush.Buyers).Select(_ => shop).ToArray(), mixed: true);

        await AssertSoldOutOnceEachAsync(market, eventId, sold);
        Assert.Contains(sold.Reservations, r => r.Tickets.Count == 2);
        Assert.All(sold.Reservations.Where(r => r.Tickets.Count == 2), r =>
        {
            Assert.Equal(r.Tickets[0].Row, r.Tickets[1].Row);
            Assert.Equal(r.Tickets[0].Seat + 1, r.Tickets[1].Seat);
        });
    }

    [Fact]
    public async Task BuyersOnTwoInstancesWhoseBoardsMissEachOthersHoldsStillSellOutWithoutAFalseUnavailable()
    {
        // Each instance's board learns only of its own writes (no change feed): it lags the store by everything the
        // other instance holds, until a lost race makes it read the section again.
        var market = new Market(this);
        var (first, second) = (market.AddInstance(), market.AddInstance());
        var eventId = await market.AddEventAsync();

        var sold = await market.RushAsync(eventId, Enumerable.Range(0, Rush.Buyers).Select(i => i % 2 == 0 ? first : second).ToArray(), mixed: false);

        await AssertSoldOutOnceEachAsync(market, eventId, sold);
        Assert.Contains(sold.Reservations, r => sold.ByInstance[r.Id] == 0);
        Assert.Contains(sold.Reservations, r => sold.ByInstance[r.Id] == 1);
    }

    private async Task AssertSoldOutOnceEachAsync(Market market, string eventId, RushResult sold)
    {
        Assert.Empty(sold.FalseUnavailable);
        var tickets = await market.Inventory.GetTicketsAsync(eventId, Section);
        var capacity = Rush.Rows * Rush.SeatsPerRow;
        Assert.Equal(capacity, tickets.Count(t => t.Status == TicketStatus.Held));
        var listed = sold.Reservations.SelectMany(r => r.Tickets.Select(t => (t.TicketId, ReservationId: r.Id))).ToArray();
        Assert.Equal(capacity, listed.Length);
        Assert.Equal(capacity, listed.Select(l => l.TicketId).Distinct().Count());
        var holder = tickets.ToDictionary(t => t.TicketId, t => t.ReservationId);
        Assert.All(listed, l => Assert.Equal(l.ReservationId, holder[l.TicketId]));
    }

    private sealed record RushResult(IReadOnlyList<Reservation> Reservations, IReadOnlyDictionary<string, int> ByInstance,
        IReadOnlyList<string> FalseUnavailable);

    /// <summary>Whether the section, as stored, has <paramref name="quantity"/> adjacent available seats in one row.</summary>
    private static bool HasFreeBlock(IReadOnlyList<Ticket> section, int quantity, DateTimeOffset now) =>
        section.Where(t => t.StatusAt(now) == TicketStatus.Available).GroupBy(t => t.Row).Any(row =>
        {
            var seats = row.Select(t => t.Seat).Order().ToArray();
            var run = 0;
            for (var i = 0; i < seats.Length; i++)
            {
                run = i > 0 && seats[i] == seats[i - 1] + 1 ? run + 1 : 1;
                if (run >= quantity)
                {
                    return true;
                }
            }

            return false;
        });

    /// <summary>
    /// Shared stores and several instances, each with its own availability board. A write is reported to the board of
    /// the instance that made it (the one the calling flow runs on).
    /// </summary>
    private sealed class Market : ITicketChangeObserver
    {
        private readonly BestAvailableRushContract _test;
        private readonly AsyncLocal<AvailabilityBoard?> _writer = new();
        private readonly List<(AvailabilityBoard Board, ReserveSeats Reserve)> _instances = [];
        private readonly InMemoryReservationStore _store = new();
        private readonly EventCatalog _catalog;
        private readonly CancelOrExpire _abandon;
        private readonly IOptions<BookingOptions> _options =
            Microsoft.Extensions.Options.Options.Create(new BookingOptions { HoldDuration = TimeSpan.FromMinutes(10), MaxTicketsPerUser = 10 });

        public Market(BestAvailableRushContract test)
        {
            _test = test;
            Inventory = test.CreateInventory(this);
            var reservations = new StoredReservations(_store);
            var events = new InMemoryEventStore();
            var settle = new SettlePayment(reservations, new InMemoryBookingStore(), Inventory, new SimulatedPaymentGateway(test.Time),
                new EventBookingGate(new InMemoryEventBookingIndex(), events), _options, test.Time, NullLogger<SettlePayment>.Instance);
            _abandon = new CancelOrExpire(reservations, Inventory, settle, test.Time, NullLogger<CancelOrExpire>.Instance);
            _catalog = TestCatalog.Create(events, Inventory, new AvailabilityBoard(test.Time), test.Time);
        }

        public ITicketInventory Inventory { get; }

        public void OnTicketsChanged(string eventId, IReadOnlyList<Ticket> tickets) => _writer.Value?.OnTicketsChanged(eventId, tickets);

        public int AddInstance()
        {
            var board = new AvailabilityBoard(_test.Time);
            _instances.Add((board, new ReserveSeats(new StoredReservations(_store), Inventory, _catalog, board, _abandon, _options, _test.Time,
                NullLogger<ReserveSeats>.Instance)));
            return _instances.Count - 1;
        }

        public async Task<string> AddEventAsync()
        {
            var id = "evt-" + Guid.NewGuid().ToString("N")[..12];
            var now = _test.Time.GetUtcNow();
            await _catalog.AddAsync(new EventRecord(id, "Rush", ["Band"], "concert", "", new Venue("Hall", "City", ""), now.AddDays(30),
                [new SectionLayout(Section, _test.Rush.Rows, _test.Rush.SeatsPerRow, 40m, "USD")], EventStatus.Scheduled, "organizer", now),
                CancellationToken.None);
            return id;
        }

        /// <summary>
        /// One buyer per entry of <paramref name="buyerInstances"/>, each reserving again and again (a new customer each
        /// time) until told "unavailable" for one seat. Mixed buyers ask for 1 or 2 seats and, told "unavailable" for 2,
        /// go on with 1.
        /// </summary>
        public async Task<RushResult> RushAsync(string eventId, int[] buyerInstances, bool mixed)
        {
            var reservations = new ConcurrentBag<(Reservation Reservation, int Instance)>();
            var falseUnavailable = new ConcurrentBag<string>();
            var customers = 0;
            await Task.WhenAll(buyerInstances.Select((instance, buyer) => Task.Run(async () =>
            {
                var (board, reserve) = _instances[instance];
                _writer.Value = board;
                var random = new Random(buyer);
                var quantity = mixed ? random.Next(1, 3) : 1;
                while (true)
                {
                    // The in-memory stores answer at once: without a yield one buyer could sell the whole section
                    // before the others (on the other instance) start, on a loaded machine.
                    await Task.Yield();
                    var request = new ReserveRequest { EventId = eventId, Section = Section, Quantity = quantity };
                    try
                    {
                        var (reservation, _) = await reserve.ReserveAsync($"c{Interlocked.Increment(ref customers)}", request, null, CancellationToken.None);
                        reservations.Add((reservation, instance));
                    }
                    catch (DomainException unavailable) when (unavailable.Kind == ErrorKind.TicketsUnavailable)
                    {
                        var section = await Inventory.GetTicketsAsync(eventId, Section);
                        if (HasFreeBlock(section, quantity, _test.Time.GetUtcNow()))
                        {
                            falseUnavailable.Add($"buyer {buyer} asked for {quantity}: {unavailable.Detail}");
                        }

                        if (quantity == 1)
                        {
                            return;
                        }

                        quantity = 1;
                        continue;
                    }

                    if (mixed && quantity == 2)
                    {
                        quantity = random.Next(1, 3);
                    }
                }
            })));

            var all = reservations.ToArray();
            return new RushResult(all.Select(r => r.Reservation).ToArray(), all.ToDictionary(r => r.Reservation.Id, r => r.Instance),
                falseUnavailable.ToArray());
        }
    }
}

public sealed class InMemoryBestAvailableRushTests : BestAvailableRushContract
{
    protected override ITicketInventory CreateInventory(ITicketChangeObserver observer) => new InMemoryTicketInventory(observer, Time);
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosBestAvailableRushTests(CosmosServerFixture cosmos) : BestAvailableRushContract
{
    protected override (int Rows, int SeatsPerRow, int Buyers) Rush => (10, 20, 16);

    protected override ITicketInventory CreateInventory(ITicketChangeObserver observer) =>
        new CosmosTicketInventory(cosmos.Database.GetContainer(Containers.Tickets), observer, Time);
}
