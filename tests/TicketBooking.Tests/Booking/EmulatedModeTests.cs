using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.Auth;
using TicketBooking.Tests.Payments;
using TicketBooking.Testing;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Booking;

/// <summary>
/// Emulated mode end to end: Azurite (the task hub) and the Cosmos-protocol server (the data) on loopback, the local
/// host as a child process. The host is killed with SIGKILL while reservations are held and started again: the
/// orchestrations resume from Azure Storage, so a hold still expires on time and a confirmation after the restart
/// still books, with nothing lost and nothing charged twice.
/// </summary>
[Collection(CosmosCollection.Name)]
public sealed class EmulatedModeTests(CosmosServerFixture cosmos) : IAsyncLifetime
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(30);
    private readonly string _signingKey = LocalTokenIssuer.NewSigningKey();
    private Azurite? _azurite;
    private string _storage = "";

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _storage = _azurite.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>The child host's settings for the emulated run (a fresh database and task hub), with <paramref name="extra"/> added.</summary>
    private Dictionary<string, string> EmulatedSettings(Dictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["Data:Provider"] = "Cosmos",
            ["Cosmos:AccountEndpoint"] = cosmos.Options.AccountEndpoint,
            ["Cosmos:AccountKey"] = cosmos.Options.AccountKey!,
            ["Cosmos:DatabaseName"] = "emulated-" + Guid.NewGuid().ToString("N")[..8],
            ["Cosmos:ConnectionMode"] = "Gateway",
            ["Cosmos:LocalServer"] = "true",
            ["Cosmos:CreateIfNotExists"] = "true",
            ["Durable:Backend"] = "AzureStorage",
            ["Durable:StorageConnectionString"] = _storage,
            ["Durable:TaskHub"] = "hub" + Guid.NewGuid().ToString("N")[..8],
            ["Auth:SigningKey"] = _signingKey,
            ["Seed:Demo"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task ReservationsSurviveASigkillOfTheHost()
    {
        var settings = EmulatedSettings(new()
        {
            ["Booking:HoldDuration"] = Hold.ToString(),
            ["Booking:PaymentGrace"] = "00:00:05",
        });

        await using var first = await ChildHost.StartAsync(settings);
        using var organizer = Client(first.Url, "org-1", "organizer");
        using var customer = Client(first.Url, "cust-1");
        var eventId = (await organizer.CreateEventAsync(Payloads.NewEvent(sections: 1, rows: 2, seatsPerRow: 5)))["eventId"]!.GetValue<string>();
        var toExpire = await ReserveAsync(customer, eventId, "A-1-1", "A-1-2");
        var toConfirm = await ReserveAsync(customer, eventId, "A-2-1");
        var expiresAt = toExpire.GetProperty("expiresAt").GetDateTimeOffset();

        first.Kill();
        await using var second = await ChildHost.StartAsync(settings);
        using var again = Client(second.Url, "cust-1");
        using var confirm = await again.PutAsJsonAsync("/api/booking/confirm",
            new { reservationId = toConfirm.GetProperty("reservationId").GetString(), paymentMethodId = "pm_card_visa" });
        var expired = await WaitForExpiryAsync(again, toExpire.GetProperty("reservationId").GetString()!, TimeSpan.FromSeconds(90));
        var seats = await again.GetFromJsonAsync<JsonElement>($"/api/event/{eventId}/tickets?section=A");

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal("confirmed", (await confirm.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var lapsedAt = expired.GetProperty("history").EnumerateArray().Last().GetProperty("at").GetDateTimeOffset();
        Assert.InRange(lapsedAt - expiresAt, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        var status = seats.GetProperty("tickets").EnumerateArray().ToDictionary(t => t.GetProperty("ticketId").GetString()!, t => t.GetProperty("status").GetString());
        Assert.Equal("available", status["A-1-1"]);
        Assert.Equal("available", status["A-1-2"]);
        Assert.Equal("booked", status["A-2-1"]);
    }

    /// <summary>
    /// A cancelled event's refunds survive a SIGKILL of the host in the middle: the second host's worker resumes the
    /// orchestration from Azure Storage, every booking is refunded, and each payment gets exactly one refund request key
    /// at Stripe (a stand-in in this process, so its books outlive the host).
    /// </summary>
    [Fact]
    public async Task ACancellationSurvivesASigkillOfTheHostAndRefundsEveryBookingOnce()
    {
        const int bookings = 1000;
        await using var stripe = await FakeStripeServer.StartAsync();
        var settings = EmulatedSettings(new()
        {
            ["Booking:HoldDuration"] = "00:05:00",
            ["Payments:Provider"] = "Stripe",
            ["Stripe:SecretKey"] = FakeStripeServer.SecretKey,
            ["Stripe:WebhookSecret"] = StripeTestEvents.WebhookSecret,
            ["Stripe:ApiBase"] = stripe.ApiBase,
            ["Refunds:BatchSize"] = "20",
            ["Refunds:Parallelism"] = "2",
            ["Refunds:RetryDelay"] = "00:00:00",
            ["RateLimits:Reserve"] = "100000",
            ["RateLimits:Confirm"] = "100000",
        });

        await using var first = await ChildHost.StartAsync(settings);
        using var organizer = Client(first.Url, "org-1", "organizer");
        var eventId = (await organizer.CreateEventAsync(Payloads.NewEvent(sections: 1, rows: 20, seatsPerRow: 50)))["eventId"]!.GetValue<string>();
        var reservations = new string[bookings];
        await Parallel.ForEachAsync(Enumerable.Range(0, bookings), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            using var customer = Client(first.Url, $"fan-{i}");
            var held = await ReserveAsync(customer, eventId, $"A-{i / 50 + 1}-{i % 50 + 1}");
            reservations[i] = held.GetProperty("reservationId").GetString()!;
            using var paid = await customer.PutAsJsonAsync("/api/booking/confirm", new { reservationId = reservations[i], paymentMethodId = "pm_card_visa" });
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        });

        using var cancel = await organizer.PostAsync($"/api/admin/events/{eventId}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var before = await WaitForProgressAsync(organizer, eventId, p => p.GetProperty("refunded").GetInt32() > 0, TimeSpan.FromSeconds(90));
        first.Kill();
        await using var second = await ChildHost.StartAsync(settings);
        using var again = Client(second.Url, "org-1", "organizer");
        var done = await WaitForProgressAsync(again, eventId, p => p.GetProperty("state").GetString() == "completed", TimeSpan.FromMinutes(4));

        Assert.True(before.GetProperty("refunded").GetInt32() < bookings, $"The host was killed only after every refund: {before}");
        Assert.Equal((bookings, bookings, 0), (done.GetProperty("total").GetInt32(), done.GetProperty("refunded").GetInt32(),
            done.GetProperty("failed").GetInt32()));
        var keysPerPayment = stripe.Requests.Where(r => r.Path == "/v1/refunds").GroupBy(r => r.Form["payment_intent"])
            .ToDictionary(g => g.Key, g => g.Select(r => r.IdempotencyKey).Distinct().Count());
        Assert.Equal(bookings, keysPerPayment.Count);
        Assert.All(keysPerPayment.Values, keys => Assert.Equal(1, keys));
        Assert.All(reservations, id => Assert.Equal(1, stripe.Refunds(id)));
    }

    private static async Task<JsonElement> WaitForProgressAsync(HttpClient organizer, string eventId, Func<JsonElement, bool> until, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            using var response = await organizer.GetAsync($"/api/admin/events/{eventId}/cancellation");
            var progress = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            if (progress.ValueKind == JsonValueKind.Object && until(progress))
            {
                return progress;
            }

            Assert.True(stopwatch.Elapsed <= timeout, $"The cancellation of {eventId} did not get there in {timeout}: {progress}");
            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> ReserveAsync(HttpClient client, string eventId, params string[] ticketIds)
    {
        using var response = await client.PostAsJsonAsync("/api/booking/reserve", new { eventId, ticketIds });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Waits until the orchestration itself marked the reservation expired (not only the read-side lazy expiry).</summary>
    private static async Task<JsonElement> WaitForExpiryAsync(HttpClient client, string reservationId, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var r = await client.GetFromJsonAsync<JsonElement>($"/api/booking/{reservationId}");
            if (r.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("status").GetString() == "expired") || stopwatch.Elapsed > timeout)
            {
                Assert.True(stopwatch.Elapsed <= timeout, $"Reservation {reservationId} was not expired by its orchestration: {r}");
                return r;
            }

            await Task.Delay(250);
        }
    }

    private HttpClient Client(string url, string userId, params string[] roles)
    {
        var issuer = new LocalTokenIssuer(Microsoft.Extensions.Options.Options.Create(new AuthOptions { SigningKey = _signingKey }), TimeProvider.System);
        var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Issue(userId, roles));
        return client;
    }


    /// <summary>
    /// The built local host (TicketBooking.Local.dll next to the tests) as a child process on a port it binds itself
    /// (read back from its "Now listening on" line), killed by PID.
    /// </summary>
    private sealed class ChildHost : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;

        private ChildHost(Process process, System.Collections.Concurrent.ConcurrentQueue<string> output)
        {
            _process = process;
            _output = output;
        }

        public string Url { get; private set; } = "";

        public static async Task<ChildHost> StartAsync(IReadOnlyDictionary<string, string> settings)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TicketBooking.Local.dll"));
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add(Loopback.AnyPort);
            foreach (var (key, value) in settings)
            {
                info.ArgumentList.Add($"--{key}={value}");
            }

            info.ArgumentList.Add("--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");

            var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet could not be started.");
            var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
            // The Durable sidecar's server starts first and names its own port too: the host's is the last before "Application started".
            var bound = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var listeningOn = "";
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    output.Enqueue(e.Data);
                    if (Loopback.NowListeningOn().Match(e.Data) is { Success: true } listening)
                    {
                        listeningOn = listening.Groups["url"].Value;
                    }
                    else if (e.Data.Contains("Application started.", StringComparison.Ordinal) && listeningOn.Length > 0)
                    {
                        bound.TrySetResult(listeningOn);
                    }
                }
            };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var host = new ChildHost(process, output);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var stopwatch = Stopwatch.StartNew();
            while (stopwatch.Elapsed < TimeSpan.FromSeconds(120))
            {
                if (process.HasExited)
                {
                    break;
                }

                if (!bound.Task.IsCompleted)
                {
                    await Task.WhenAny(bound.Task, Task.Delay(200));
                    continue;
                }

                host.Url = await bound.Task;
                try
                {
                    using var health = await client.GetAsync(host.Url + "/api/health");
                    if (health.IsSuccessStatusCode)
                    {
                        return host;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                await Task.Delay(200);
            }

            await host.DisposeAsync();
            throw new InvalidOperationException($"The local host did not start: {string.Join(Environment.NewLine, output)}");
        }

        /// <summary>SIGKILL: no graceful shutdown, exactly like a crash.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        public ValueTask DisposeAsync()
        {
            Kill();
            _process.Dispose();
            _ = _output;
            return ValueTask.CompletedTask;
        }
    }
}
