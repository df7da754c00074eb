using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TicketBooking.Errors;
using TicketBooking.Http;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Tests.WaitingRoom;

public sealed class InProcessJoinQueueTests : JoinQueueContract
{
    protected override Task<IJoinQueue> CreateQueueAsync(TimeSpan lockDuration) =>
        Task.FromResult<IJoinQueue>(Create(new JoinQueueOptions { LockDuration = lockDuration }));

    private static InProcessJoinQueue Create(JoinQueueOptions options) => new(Options.Create(options), TimeProvider.System);

    [Fact]
    public async Task ASendBeyondCapacityIsRefusedAsUnavailableWithRetryAfter()
    {
        var queue = Create(new JoinQueueOptions { Capacity = 2 });
        await queue.SendAsync(Join("alice"), CancellationToken.None);
        await queue.SendAsync(Join("bob"), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<DomainException>(() => queue.SendAsync(Join("carol"), CancellationToken.None));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, ProblemMapper.StatusOf(refused.Kind));
        Assert.NotNull(refused.RetryAfter);
        await queue.SendAsync(Join("alice"), CancellationToken.None);
    }

    [Fact]
    public async Task ACompletedJoinFreesItsPlace()
    {
        var queue = Create(new JoinQueueOptions { Capacity = 1 });
        await queue.SendAsync(Join("alice"), CancellationToken.None);
        await queue.CompleteAsync(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(1), CancellationToken.None), CancellationToken.None);

        await queue.SendAsync(Join("bob"), CancellationToken.None);

        Assert.Equal("bob", Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(1), CancellationToken.None)).Join.UserId);
    }

    [Fact]
    public async Task AMessageIdIsAcceptedAgainOnceTheDuplicateDetectionWindowHasPassed()
    {
        var queue = Create(new JoinQueueOptions { DuplicateDetectionWindow = TimeSpan.FromMilliseconds(200) });
        await queue.SendAsync(Join("alice"), CancellationToken.None);

        await Task.Delay(TimeSpan.FromMilliseconds(400));
        await queue.SendAsync(Join("alice"), CancellationToken.None);

        var received = await ReceiveAtLeastAsync(queue, 2);
        Assert.Equal(2, received.Count);
    }
}
