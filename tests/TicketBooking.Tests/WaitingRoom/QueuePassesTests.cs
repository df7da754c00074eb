using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.WaitingRoom;

public sealed class QueuePassesTests
{
    private readonly FakeTimeProvider _time = new(WaitingRoomWorld.Start);

    [Fact]
    public void APassAdmitsItsUserForItsEventUntilItExpires()
    {
        var passes = TestWaitingRooms.Passes(_time);
        var pass = passes.Issue("alice", "evt-1", _time.GetUtcNow().AddMinutes(10));

        Assert.True(passes.IsValid(pass, "alice", "evt-1"));
        Assert.False(passes.IsValid(pass, "bob", "evt-1"));
        Assert.False(passes.IsValid(pass, "alice", "evt-2"));
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.False(passes.IsValid(pass, "alice", "evt-1"));
    }

    [Fact]
    public void AUserIdWithABarCannotPassForAnotherUser()
    {
        var passes = TestWaitingRooms.Passes(_time);
        var pass = passes.Issue("auth0|alice", "evt-1", _time.GetUtcNow().AddMinutes(10));

        Assert.True(passes.IsValid(pass, "auth0|alice", "evt-1"));
        Assert.False(passes.IsValid(pass, "alice", "evt-1"));
    }

    [Fact]
    public void AForgedOrTamperedPassIsRefused()
    {
        var passes = TestWaitingRooms.Passes(_time);
        var genuine = passes.Issue("alice", "evt-1", _time.GetUtcNow().AddMinutes(10));
        var signature = genuine[(genuine.IndexOf('.') + 1)..];
        var longer = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"v1|evt-1|{_time.GetUtcNow().AddDays(1).ToUnixTimeSeconds()}|alice"));
        var otherKey = TestWaitingRooms.Passes(_time, Convert.ToBase64String(new byte[32]))
            .Issue("alice", "evt-1", _time.GetUtcNow().AddMinutes(10));

        Assert.False(passes.IsValid(longer + "." + signature, "alice", "evt-1"));
        Assert.False(passes.IsValid(otherKey, "alice", "evt-1"));
        Assert.False(passes.IsValid(genuine[..^2], "alice", "evt-1"));
        Assert.False(passes.IsValid("not a pass", "alice", "evt-1"));
        Assert.False(passes.IsValid("", "alice", "evt-1"));
        Assert.False(passes.IsValid(null, "alice", "evt-1"));
    }
}
