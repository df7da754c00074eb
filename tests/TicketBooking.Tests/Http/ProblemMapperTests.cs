using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using TicketBooking.Errors;
using TicketBooking.Http;

namespace TicketBooking.Tests.Http;

public sealed class ProblemMapperTests
{
    public static TheoryData<ErrorKind> Kinds() => [.. Enum.GetValues<ErrorKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKindOfFailureIsAClientOrServiceProblemWithADocumentedType(ErrorKind kind)
    {
        var status = ProblemMapper.StatusOf(kind);
        var type = ProblemMapper.TypeOf(kind);

        Assert.InRange(status, 400, 503);
        Assert.NotEqual(500, status);
        Assert.StartsWith("/problems/", type, StringComparison.Ordinal);
        Assert.Contains(type, typeof(ProblemTypes).GetFields().Select(f => (string?)f.GetValue(null)));
    }

    [Fact]
    public void EachKindHasItsOwnProblemType()
    {
        var types = Enum.GetValues<ErrorKind>().Select(ProblemMapper.TypeOf).ToArray();

        Assert.Equal(types.Length, types.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task ADomainFailureBecomesProblemJsonWithItsExtensionsAndRetryAfter()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        var failure = new DomainException(ErrorKind.RateLimited, "Too many requests.", "Wait a little.",
            new Dictionary<string, object?> { ["limit"] = 5 }) { RetryAfter = TimeSpan.FromSeconds(2.2) };

        await ProblemMapper.WriteAsync(context, failure, NullLogger.Instance);

        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Equal(429, context.Response.StatusCode);
        Assert.Equal(ProblemMapper.ContentType, context.Response.ContentType);
        Assert.Equal("3", context.Response.Headers.RetryAfter.ToString());
        Assert.Contains("\"type\":\"/problems/rate-limited\"", body, StringComparison.Ordinal);
        Assert.Contains("\"limit\":5", body, StringComparison.Ordinal);
    }
}
