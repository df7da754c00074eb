using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TicketBooking.Errors;
using TicketBooking.RateLimiting;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.RateLimiting;

/// <summary>The limiter on its own: per-key buckets, the refusal it throws, what it logs, and how much it keeps.</summary>
public sealed class RateLimitsTests
{
    private static RateLimits Limits(RateLimitOptions options, ILogger<RateLimits>? logger = null, TimeProvider? time = null) =>
        new(Options.Create(options), logger ?? NullLogger<RateLimits>.Instance, time ?? TimeProvider.System);

    [Fact]
    public void TheCallAfterAMinutesWorthIsRefusedWithWhenToRetryAndOtherUsersAreUnaffected()
    {
        using var limits = Limits(new RateLimitOptions { Reserve = 3 });
        for (var i = 0; i < 3; i++)
        {
            limits.Check(RateLimitPolicy.Reserve, "user-a");
        }

        var refused = Assert.Throws<DomainException>(() => limits.Check(RateLimitPolicy.Reserve, "user-a"));
        limits.Check(RateLimitPolicy.Reserve, "user-b");

        Assert.Equal(ErrorKind.RateLimited, refused.Kind);
        Assert.NotNull(refused.RetryAfter);
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void EachPolicyHasItsOwnBuckets()
    {
        using var limits = Limits(new RateLimitOptions { Reserve = 1, Cancel = 1 });
        limits.Check(RateLimitPolicy.Reserve, "user-a");

        limits.Check(RateLimitPolicy.Cancel, "user-a");

        Assert.Throws<DomainException>(() => limits.Check(RateLimitPolicy.Reserve, "user-a"));
    }

    [Fact]
    public void ARefusalLogsThePolicyButNeverTheUser()
    {
        var logger = new RecordingLogger();
        using var limits = Limits(new RateLimitOptions { Confirm = 1 }, logger);
        const string user = "user-4f1c9a-secret-subject";
        limits.Check(RateLimitPolicy.Confirm, user);

        var refused = Assert.Throws<DomainException>(() => limits.Check(RateLimitPolicy.Confirm, user));

        Assert.NotEmpty(logger.Messages);
        Assert.Contains(logger.Messages, m => m.Contains("Confirm", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Messages, m => m.Contains(user, StringComparison.Ordinal));
        Assert.DoesNotContain(user, refused.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(refused.Extensions.Values, v => v?.ToString()?.Contains(user, StringComparison.Ordinal) == true);
    }

    [Fact]
    public void AHundredThousandDistinctAddressesStayWithinThePartitionCap()
    {
        const int cap = 1_000;
        using var limits = Limits(new RateLimitOptions { AnonymousReads = 1, AnonymousReadsBurst = 5, MaxPartitions = cap });
        var refused = 0;

        for (var i = 0; i < 100_000; i++)
        {
            try
            {
                limits.Check(RateLimitPolicy.AnonymousReads, $"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}");
            }
            catch (DomainException e) when (e.Kind == ErrorKind.RateLimited)
            {
                refused++;
            }
        }

        // The table holds at most the cap plus the one shared overflow bucket; the addresses past it share that bucket.
        Assert.InRange(limits.TrackedKeys(RateLimitPolicy.AnonymousReads), 1, cap + 1);
        Assert.True(refused > 90_000, $"Only {refused} of the addresses past the cap were refused.");
    }

    [Fact]
    public void KnownKeysKeepTheirOwnBucketWhileTheTableIsFull()
    {
        using var limits = Limits(new RateLimitOptions { AnonymousReads = 1, AnonymousReadsBurst = 3, MaxPartitions = 100 });
        limits.Check(RateLimitPolicy.AnonymousReads, "192.0.2.1");
        for (var i = 0; i < 200; i++)
        {
            try
            {
                limits.Check(RateLimitPolicy.AnonymousReads, $"198.51.100.{i}");
            }
            catch (DomainException)
            {
                // Past the cap, newcomers share the overflow bucket and soon run it dry.
            }
        }

        limits.Check(RateLimitPolicy.AnonymousReads, "192.0.2.1");

        Assert.Throws<DomainException>(() => limits.Check(RateLimitPolicy.AnonymousReads, "203.0.113.250"));
    }

    [Fact]
    public async Task IdleKeysAreDroppedSoTheTableShrinksBackToEmpty()
    {
        using var limits = Limits(new RateLimitOptions { AnonymousReads = 1_000, AnonymousReadsBurst = 10 });
        for (var i = 0; i < 500; i++)
        {
            limits.Check(RateLimitPolicy.AnonymousReads, $"10.0.{i >> 8}.{i & 255}");
        }

        Assert.Equal(500, limits.TrackedKeys(RateLimitPolicy.AnonymousReads));

        // The partitioned limiter drops a bucket about ten seconds after it is full again.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (limits.TrackedKeys(RateLimitPolicy.AnonymousReads) > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(250);
        }

        Assert.Equal(0, limits.TrackedKeys(RateLimitPolicy.AnonymousReads));
    }

    [Fact]
    public void AMillionDistinctUsersJoiningInTenMinutesAreNeverRefusedWhileOneUserHammeringIs()
    {
        const int users = 1_000_000;
        var time = new ManualTime();
        var keys = new string[users];
        for (var i = 0; i < users; i++)
        {
            keys[i] = $"user-{i:D7}";
        }

        using var limits = Limits(new RateLimitOptions(), time: time);
        var step = TimeSpan.FromMinutes(10) / users;
        var honestRefused = 0;
        var hammerAccepted = 0;
        var hammerRefused = 0;
        long honestAllocated = 0;

        for (var i = 0; i < users; i++)
        {
            time.Advance(step);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                limits.Check(RateLimitPolicy.QueueJoin, keys[i]);
            }
            catch (DomainException)
            {
                honestRefused++;
            }

            honestAllocated += GC.GetAllocatedBytesForCurrentThread() - before;

            // One user joins again every 300 ms (200 a minute) through the whole on-sale.
            if (i % 500 == 0)
            {
                try
                {
                    limits.Check(RateLimitPolicy.QueueJoin, "hammer");
                    hammerAccepted++;
                }
                catch (DomainException e) when (e.Kind == ErrorKind.RateLimited)
                {
                    hammerRefused++;
                }
            }
        }

        Assert.Equal(0, honestRefused);
        // 10 a minute over ten minutes (the sliding window lets a few more through at the start).
        Assert.InRange(hammerAccepted, 80, 120);
        Assert.Equal(2_000 - hammerAccepted, hammerRefused);
        // Nothing is kept per user: the join's counters are allocated once, whatever the number of users.
        Assert.True(honestAllocated < 64 * 1024, $"A million joins allocated {honestAllocated} bytes.");
        Assert.Equal(0, limits.TrackedKeys(RateLimitPolicy.QueueJoin));
    }

    [Fact]
    public void AJoinRefusedForTheMinuteIsAllowedAgainOnceTheMinuteHasPassed()
    {
        var time = new ManualTime();
        using var limits = Limits(new RateLimitOptions { QueueJoin = 3 }, time: time);
        for (var i = 0; i < 3; i++)
        {
            limits.Check(RateLimitPolicy.QueueJoin, "user-a");
        }

        var refused = Assert.Throws<DomainException>(() => limits.Check(RateLimitPolicy.QueueJoin, "user-a"));
        limits.Check(RateLimitPolicy.QueueJoin, "user-b");
        time.Advance(refused.RetryAfter!.Value);

        limits.Check(RateLimitPolicy.QueueJoin, "user-a");
        Assert.Equal(ErrorKind.RateLimited, refused.Kind);
        Assert.InRange(refused.RetryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
    }

    [Theory]
    [InlineData("RateLimits:Reserve", "0")]
    [InlineData("RateLimits:QueueJoinSketchWidth", "100")]
    [InlineData("RateLimits:AnonymousReads", "-1")]
    [InlineData("RateLimits:AnonymousReadsBurst", "0")]
    [InlineData("RateLimits:MaxPartitions", "10")]
    public void OutOfRangeSettingsFailValidation(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new KeyValuePair<string, string?>(key, value)]).Build();
        using var services = new ServiceCollection().AddLogging().AddRateLimits(configuration).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RateLimitOptions>>().Value);

        Assert.Contains(key.Split(':')[1], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultsBindAndPassValidation()
    {
        using var services = new ServiceCollection().AddLogging().AddRateLimits(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<RateLimitOptions>>().Value;

        Assert.False(options.BehindTrustedProxy);
        Assert.NotNull(services.GetRequiredService<RateLimits>());
    }

    private sealed class RecordingLogger : ILogger<RateLimits>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add(formatter(state, exception));
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    Messages.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
                }
            }
        }
    }
}
