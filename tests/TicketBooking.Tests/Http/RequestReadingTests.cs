using Microsoft.AspNetCore.Http;
using TicketBooking.Errors;
using TicketBooking.Http;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Http;

public sealed class RequestReadingTests
{
    private const int Cap = 64 * 1024;

    private static HttpRequest RequestWith(EndlessBody body, long? contentLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = body;
        context.Request.ContentLength = contentLength;
        return context.Request;
    }

    [Fact]
    public async Task ATextBodyWhoseContentLengthIsOverTheCapIsRefusedWithoutReadingAByte()
    {
        var body = new EndlessBody(10 * 1024 * 1024, announceLength: true);

        var ex = await Assert.ThrowsAsync<DomainException>(() => RequestWith(body, body.Length).ReadTextAsync(Cap, CancellationToken.None));

        Assert.Equal(ErrorKind.BodyTooLarge, ex.Kind);
        Assert.Equal(0, body.BytesRead);
    }

    [Fact]
    public async Task ATextBodyWithoutContentLengthIsReadOnlyUntilItCrossesTheCap()
    {
        var body = new EndlessBody(10 * 1024 * 1024, announceLength: false);

        var ex = await Assert.ThrowsAsync<DomainException>(() => RequestWith(body, null).ReadTextAsync(Cap, CancellationToken.None));

        Assert.Equal(ErrorKind.BodyTooLarge, ex.Kind);
        Assert.InRange(body.BytesRead, Cap + 1, Cap + 16 * 1024);
    }

    [Fact]
    public async Task ATextBodyOfExactlyTheCapIsReadWhole()
    {
        var body = new EndlessBody(Cap, announceLength: false);

        var text = await RequestWith(body, null).ReadTextAsync(Cap, CancellationToken.None);

        Assert.Equal(Cap, text.Length);
    }
}
