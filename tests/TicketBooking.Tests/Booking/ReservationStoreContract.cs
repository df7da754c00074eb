using TicketBooking.Booking;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Booking;

/// <summary>
/// What every reservation store must do, run against each implementation (in memory; Cosmos on the Cosmos-protocol
/// server). Each test uses its own users, so the suites share nothing.
/// </summary>
public abstract class ReservationStoreContract
{
    protected ManualTime Time { get; } = new();

    protected abstract IReservationStore CreateStore();

    private static string NewUser() => "user-" + Guid.NewGuid().ToString("N")[..10];

    protected Reservation NewReservation(string userId, string eventId = "evt-1", int seats = 2, TimeSpan? age = null) =>
        new(Reservation.NewId(), userId, eventId,
            Enumerable.Range(1, seats).Select(s => new ReservedTicket($"A-1-{s}", "A", 1, s, 40m)).ToArray(), seats * 40m, "USD",
            ReservationStatus.Held, Time.GetUtcNow() - (age ?? TimeSpan.Zero), Time.GetUtcNow().AddMinutes(10), ReservationPayment.None,
            [new ReservationChange(ReservationStatus.Held, Time.GetUtcNow(), "held")], "hash");

    [Fact]
    public async Task AStoredReservationReadsBackWhole()
    {
        var store = CreateStore();
        var r = NewReservation(NewUser());

        var etag = await store.CreateAsync(r);
        var read = await store.GetAsync(r.UserId, r.Id);

        Assert.NotNull(read);
        Assert.False(string.IsNullOrEmpty(read.ETag));
        Assert.Equal(etag, read.ETag);
        Assert.Equal(r.Id, read.Reservation.Id);
        Assert.Equal(r.Tickets, read.Reservation.Tickets);
        Assert.Equal(r.Total, read.Reservation.Total);
        Assert.Equal(r.ExpiresAt, read.Reservation.ExpiresAt);
        Assert.Equal(ReservationStatus.Held, read.Reservation.Status);
        Assert.Equal("held", Assert.Single(read.Reservation.History).Reason);
        Assert.Empty(read.Reservation.Payment.PaymentIds);
    }

    [Fact]
    public async Task CreatingTheSameIdTwiceKeepsTheFirst()
    {
        var store = CreateStore();
        var r = NewReservation(NewUser());

        Assert.NotNull(await store.CreateAsync(r));
        Assert.Null(await store.CreateAsync(r with { Total = 1m }));

        Assert.Equal(r.Total, (await store.GetAsync(r.UserId, r.Id))!.Reservation.Total);
    }

    [Fact]
    public async Task AnotherUsersReservationCannotBeRead()
    {
        var store = CreateStore();
        var r = NewReservation(NewUser());
        await store.CreateAsync(r);

        Assert.Null(await store.GetAsync(NewUser(), r.Id));
        Assert.Null(await store.GetAsync(r.UserId, Reservation.NewId()));
    }

    [Fact]
    public async Task AReplaceNeedsTheCurrentETag()
    {
        var store = CreateStore();
        var r = NewReservation(NewUser());
        await store.CreateAsync(r);
        var first = (await store.GetAsync(r.UserId, r.Id))!;

        var confirming = r.With(ReservationStatus.Confirming, Time.GetUtcNow(), "paying") with
        {
            Payment = r.Payment with { Attempt = 1, PaymentMethodId = "pm_card_visa", GraceUntil = Time.GetUtcNow().AddMinutes(3) },
        };
        var etag = await store.TryReplaceAsync(confirming, first.ETag);
        var stale = await store.TryReplaceAsync(r.With(ReservationStatus.Expired, Time.GetUtcNow(), "late"), first.ETag);

        Assert.NotNull(etag);
        Assert.NotEqual(first.ETag, etag);
        Assert.Null(stale);
        var read = (await store.GetAsync(r.UserId, r.Id))!;
        Assert.Equal(ReservationStatus.Confirming, read.Reservation.Status);
        Assert.Equal(1, read.Reservation.Payment.Attempt);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(2, read.Reservation.History.Count);
    }

    [Fact]
    public async Task Of32ConcurrentTransitionsFromOneETagExactlyOneWins()
    {
        var store = CreateStore();
        var r = NewReservation(NewUser());
        await store.CreateAsync(r);
        var read = (await store.GetAsync(r.UserId, r.Id))!;

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() =>
            store.TryReplaceAsync(r.With(ReservationStatus.Confirming, Time.GetUtcNow(), $"attempt {i}"), read.ETag))));

        Assert.Single(results, e => e is not null);
    }

    [Fact]
    public async Task ReplacingAMissingReservationFails()
    {
        var store = CreateStore();

        Assert.Null(await store.TryReplaceAsync(NewReservation(NewUser()), "\"nope\""));
    }

    [Fact]
    public async Task TheListIsNewestFirstInPagesAndOnlyTheUsers()
    {
        var store = CreateStore();
        var user = NewUser();
        var created = new List<Reservation>();
        for (var i = 0; i < 7; i++)
        {
            var r = NewReservation(user, age: TimeSpan.FromMinutes(10 - i));
            created.Add(r);
            await store.CreateAsync(r);
        }

        await store.CreateAsync(NewReservation(NewUser()));

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(user, 3, after);
            seen.AddRange(page.Items.Select(r => r.Id));
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 10);

        Assert.Equal(created.AsEnumerable().Reverse().Select(r => r.Id), seen);
        Assert.Equal(3, pages);
        Assert.Empty((await store.ListAsync(NewUser(), 3)).Items);
    }

    [Fact]
    public async Task ReservationsForOneEventAreListedForTheLimit()
    {
        var store = CreateStore();
        var user = NewUser();
        await store.CreateAsync(NewReservation(user, "evt-a"));
        await store.CreateAsync(NewReservation(user, "evt-a", seats: 3));
        await store.CreateAsync(NewReservation(user, "evt-b"));
        await store.CreateAsync(NewReservation(NewUser(), "evt-a"));

        var forA = await store.ListForEventAsync(user, "evt-a");

        Assert.Equal(2, forA.Count);
        Assert.Equal(5, forA.Sum(r => r.Tickets.Count));
    }

    [Fact]
    public async Task OpenHoldsAreTheHeldReservationsNoPaymentStartedOnThatEndBeforeTheTimeAskedAcrossUsers()
    {
        var store = CreateStore();
        var at = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var lapsed = NewReservation(NewUser()) with { ExpiresAt = at.AddSeconds(1) };
        var lapsedToo = NewReservation(NewUser()) with { ExpiresAt = at.AddMilliseconds(2500) };
        var later = NewReservation(NewUser()) with { ExpiresAt = at.AddMinutes(2) };
        var paying = NewReservation(NewUser()) with { ExpiresAt = at.AddSeconds(2) };
        paying = paying.StartPayment(at, "pm_card_visa", at.AddMinutes(3))!;
        var ended = NewReservation(NewUser()) with { ExpiresAt = at.AddSeconds(3) };
        ended = ended.With(ReservationStatus.Expired, at.AddSeconds(4), "lapsed");
        Reservation[] all = [lapsed, lapsedToo, later, paying, ended];
        foreach (var r in all)
        {
            Assert.NotNull(await store.CreateAsync(r));
        }

        var found = (await store.ListOpenHoldsAsync(at.AddMinutes(1), 1000)).Select(r => r.Id).Intersect(all.Select(r => r.Id)).Order().ToArray();
        var none = (await store.ListOpenHoldsAsync(at, 1000)).Select(r => r.Id).Intersect(all.Select(r => r.Id));

        Assert.Equal(new[] { lapsed.Id, lapsedToo.Id }.Order(), found);
        Assert.Empty(none);
    }
}

public sealed class InMemoryReservationStoreTests : ReservationStoreContract
{
    protected override IReservationStore CreateStore() => new InMemoryReservationStore();
}

/// <summary>
/// The contract against the Cosmos-protocol server: real documents in the per-user partition, real ETags and 412s,
/// TOP/ORDER BY keyset paging. Not covered here: the <c>ttl</c> that expired and cancelled reservations carry is
/// only written (the server's TTL works, but waiting out 90 days does not); <see cref="CosmosReservationStoreTests.FinishedReservationsCarryATtl"/> checks the field.
/// </summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosReservationStoreTests(CosmosServerFixture cosmos) : ReservationStoreContract
{
    protected override IReservationStore CreateStore() =>
        new CosmosReservationStore(cosmos.Database.GetContainer(TicketBooking.Cosmos.Containers.Reservations));

    [Fact]
    public async Task FinishedReservationsCarryATtl()
    {
        var container = cosmos.Database.GetContainer(TicketBooking.Cosmos.Containers.Reservations);
        var store = CreateStore();
        var r = NewReservation("user-ttl-" + Guid.NewGuid().ToString("N")[..6]);
        await store.CreateAsync(r);
        var read = (await store.GetAsync(r.UserId, r.Id))!;
        await store.TryReplaceAsync(r.With(ReservationStatus.Expired, Time.GetUtcNow(), "lapsed"), read.ETag);

        var raw = await container.ReadItemAsync<System.Text.Json.Nodes.JsonObject>(r.Id, new Microsoft.Azure.Cosmos.PartitionKey(r.UserId));

        Assert.Equal((int)CosmosReservationStore.FinishedRetention.TotalSeconds, raw.Resource["ttl"]!.GetValue<int>());
        Assert.Equal(r.UserId, raw.Resource["userId"]!.GetValue<string>());
    }
}
