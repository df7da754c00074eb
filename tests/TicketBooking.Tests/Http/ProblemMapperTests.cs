using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Cosmos;
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

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "3")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "1")]
    public async Task AThrottledOrUnavailableStoreIsA503WithRetryAfterNotA500(HttpStatusCode status, string retryAfter)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        var throttled = new CosmosExceptionWithRetryAfter(status, TimeSpan.FromSeconds(2.5));

        await ProblemMapper.WriteAsync(context, throttled, NullLogger.Instance);

        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal(retryAfter, context.Response.Headers.RetryAfter.ToString());
        Assert.Contains("\"type\":\"/problems/service-unavailable\"", body, StringComparison.Ordinal);
    }

    /// <summary>A store failure as the Cosmos SDK raises it (its RetryAfter is set only for 429s).</summary>
    private sealed class CosmosExceptionWithRetryAfter(HttpStatusCode status, TimeSpan retryAfter)
        : CosmosException("store failure", status, 0, "activity", 1.0)
    {
        public override TimeSpan? RetryAfter => StatusCode == HttpStatusCode.TooManyRequests ? retryAfter : null;
    }
}
