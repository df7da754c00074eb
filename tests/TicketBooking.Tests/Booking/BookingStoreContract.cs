using TicketBooking.Booking;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Booking;

/// <summary>What every booking store must do: in memory, and on the Cosmos-protocol server.</summary>
public abstract class BookingStoreContract
{
    protected abstract IBookingStore CreateStore();

    private static BookingRecord NewBooking(string userId = "u1") =>
        new("bkg-" + Guid.NewGuid().ToString("N")[..24], userId, "res-1", "evt-1", [new ReservedTicket("A-1-1", "A", 1, 1, 40m)], 40m, "USD", "pi_1",
            DateTimeOffset.UtcNow);

    [Fact]
    public async Task ABookingIsStoredOnceAndReadByItsOwnerOnly()
    {
        var store = CreateStore();
        var booking = NewBooking();

        await store.SaveAsync(booking);
        await store.SaveAsync(booking with { PaymentId = "pi_2" });

        Assert.Equal("pi_1", (await store.GetAsync("u1", booking.Id))!.PaymentId);
        Assert.Null(await store.GetAsync("u2", booking.Id));
        Assert.Null(await store.ReadAsync("u2", booking.Id));
    }

    [Fact]
    public async Task AReplaceWithTheCurrentETagChangesTheBookingAndAStaleOneIsRefused()
    {
        var store = CreateStore();
        var booking = NewBooking();
        await store.SaveAsync(booking);
        var read = (await store.ReadAsync(booking.UserId, booking.Id))!.Value;
        var refunding = booking with { Status = BookingStatus.Refunding, Refund = new BookingRefund(DateTimeOffset.UtcNow, "asked") };

        var etag = await store.TryReplaceAsync(refunding, read.ETag);
        var stale = await store.TryReplaceAsync(booking with { Status = BookingStatus.Refunded }, read.ETag);

        Assert.NotNull(etag);
        Assert.Null(stale);
        var now = (await store.ReadAsync(booking.UserId, booking.Id))!.Value;
        Assert.Equal(BookingStatus.Refunding, now.Value.Status);
        Assert.Equal("asked", now.Value.Refund!.Reason);
        Assert.Equal(etag, now.ETag);
    }

    [Fact]
    public async Task OfManyConcurrentReplacesFromOneETagExactlyOneWins()
    {
        var store = CreateStore();
        var booking = NewBooking();
        await store.SaveAsync(booking);
        var read = (await store.ReadAsync(booking.UserId, booking.Id))!.Value;

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            store.TryReplaceAsync(booking with { Status = BookingStatus.Refunding, Refund = new BookingRefund(DateTimeOffset.UtcNow, $"r{i}") }, read.ETag)));

        Assert.Single(results, r => r is not null);
    }

    [Fact]
    public async Task ReplacingAMissingBookingChangesNothing()
    {
        var store = CreateStore();
        var booking = NewBooking();

        Assert.Null(await store.TryReplaceAsync(booking, "\"00000000-0000-0000-0000-000000000000\""));
        Assert.Null(await store.GetAsync(booking.UserId, booking.Id));
    }
}

public sealed class InMemoryBookingStoreTests : BookingStoreContract
{
    protected override IBookingStore CreateStore() => new InMemoryBookingStore();
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosBookingStoreTests(CosmosServerFixture cosmos) : BookingStoreContract
{
    protected override IBookingStore CreateStore() => new CosmosBookingStore(cosmos.Database.GetContainer(TicketBooking.Cosmos.Containers.Bookings));
}
