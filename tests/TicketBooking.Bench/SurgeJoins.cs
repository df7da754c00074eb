using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.Auth;
using TicketBooking.Http;

namespace TicketBooking.Bench;

/// <summary>What the waiting room half of <see cref="SurgeScenario"/> measured.</summary>
public sealed record SurgeJoinResult(int Joined, int Errors, double JoinP50, double JoinP99, int Sampled, int Ordered, double OrderedP99,
    double AdmittedPerMinute, int AdmitPerMinute, RuntimeReport Runtime);

/// <summary>
/// The waiting room half of the surge: U users join one event's queue within T seconds (paced, each user on its own
/// schedule), a sample of them polls its entry until it has a position, and the room's <c>serving</c> is read every
/// second to see the admission rate achieved against the setting. While the measured joins are sent, a
/// <see cref="RuntimeProbe"/> records the server's own duration of each join and what the process waited on.
/// Before them, the same users join another event's room at the same pace while the scenario warms up
/// (<see cref="WarmUpAsync"/>).
/// </summary>
public sealed class SurgeJoins(HttpClient client, LocalTokenIssuer tokens, string eventId, string warmUpEventId, int users, TimeSpan within,
    int admitPerMinute, int sampleEvery, TimeSpan measureAdmission)
{
    private string[] _bearer = [];
    private int _warmUpJoins;
    private JsonElement _lastWarmUpJoin;

    /// <summary>
    /// Turns the event's waiting room on, on sale since a few seconds (its empty pre-queue ranked), so every join is
    /// ordered by arrival; false when the host has no waiting room routes.
    /// </summary>
    public static async Task<bool> EnableAsync(HttpClient client, LocalTokenIssuer tokens, string eventId, int admitPerMinute)
    {
        var now = DateTimeOffset.UtcNow;
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/admin/events/{eventId}/waiting-room")
        {
            Content = JsonContent.Create(new { enabled = true, opensAt = now.AddMinutes(-2), onSaleAt = now.AddSeconds(-5), admitPerMinute, passMinutes = 10 }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue("bench-admin", ["admin"]));
        using var response = await client.SendAsync(request);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Turning the waiting room on answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return true;
    }

    /// <summary>Issues the users' tokens (before anything is measured: signing 20,000 tokens is the load generator's work).</summary>
    public async Task IssueTokensAsync() =>
        _bearer = await Task.Run(() => Enumerable.Range(0, users).Select(i => tokens.Issue($"surge-{i}", [])).ToArray());

    /// <summary>
    /// One slice of the warm-up: the users, in turn, join the warm-up event's room at the measured pace. The first
    /// requests of a process pay for compiling the join path and opening connections, which is start-up cost, not the
    /// join's.
    /// </summary>
    public Task WarmUpAsync(TimeSpan slice)
    {
        var count = (int)(users * slice / within);
        var first = _warmUpJoins;
        _warmUpJoins += count;
        return SendPacedAsync(count, slice, async i =>
        {
            var bearer = _bearer[(first + i) % users];
            using var response = await JoinAsync(warmUpEventId, bearer);
            if (first + i == _warmUpJoins - 1)
            {
                _lastWarmUpJoin = await response.Content.ReadFromJsonAsync<JsonElement>();
            }
            else if (i % sampleEvery == 0 && response.IsSuccessStatusCode)
            {
                // As a sampled joiner does: read the entry once.
                var joined = await response.Content.ReadFromJsonAsync<JsonElement>();
                using var entry = new HttpRequestMessage(HttpMethod.Get, $"/api/event/{warmUpEventId}/queue/{joined.GetProperty("queueId").GetString()}");
                entry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                using var read = await client.SendAsync(entry);
                await read.Content.CopyToAsync(Stream.Null);
            }
        });
    }

    /// <summary>Waits until the warm-up's last join is ordered (at most 120 s), so the measured joins find the drain idle.</summary>
    public async Task AwaitWarmUpOrderedAsync()
    {
        if (_lastWarmUpJoin.ValueKind == JsonValueKind.Object)
        {
            await PollUntilOrderedAsync(warmUpEventId, _bearer[(_warmUpJoins - 1) % users], _lastWarmUpJoin, Stopwatch.GetTimestamp(), [],
                TimeSpan.FromSeconds(120));
        }
    }

    public async Task<SurgeJoinResult> RunAsync()
    {
        var bearer = _bearer.Length == users ? _bearer : throw new InvalidOperationException("IssueTokensAsync first.");
        var joinLatencies = new ConcurrentBag<double>();
        var orderedAfter = new ConcurrentBag<double>();
        var polls = new ConcurrentBag<Task>();
        var errors = 0;
        var sampled = 0;
        using var probe = new RuntimeProbe((method, route) => method == "POST" && route?.EndsWith(ApiRoutes.QueueJoin, StringComparison.Ordinal) == true);
        var admission = Task.Run(MeasureAdmissionAsync);
        probe.Start();

        async Task JoinMeasuredAsync(int i)
        {
            try
            {
                var t0 = Stopwatch.GetTimestamp();
                using var response = await JoinAsync(eventId, bearer[i]);
                // Only the sampled joiners need the entry: the others read the answer without parsing it.
                var sample = i % sampleEvery == 0;
                var body = sample ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
                if (!sample)
                {
                    await response.Content.CopyToAsync(Stream.Null);
                }

                joinLatencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.Accepted && response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                    return;
                }

                if (sample)
                {
                    Interlocked.Increment(ref sampled);
                    polls.Add(Task.Run(() => PollUntilOrderedAsync(eventId, bearer[i], body, t0, orderedAfter, TimeSpan.FromSeconds(60))));
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
        }

        await SendPacedAsync(users, within, JoinMeasuredAsync);
        var runtime = probe.Stop();
        await Task.WhenAll(polls);
        var rate = await admission;
        var join = joinLatencies.Order().ToArray();
        var ordered = orderedAfter.Order().ToArray();
        return new SurgeJoinResult(join.Length - errors, errors, Load.Percentile(join, 0.5), Load.Percentile(join, 0.99), sampled, ordered.Length,
            Load.Percentile(ordered, 0.99), rate, admitPerMinute, runtime);
    }

    private async Task<HttpResponseMessage> JoinAsync(string id, string bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/event/{id}/queue");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await client.SendAsync(request);
    }

    /// <summary>Sends <paramref name="count"/> requests evenly over <paramref name="within"/>, at most 512 at once.</summary>
    private static async Task SendPacedAsync(int count, TimeSpan within, Func<int, Task> send)
    {
        using var gate = new SemaphoreSlim(512);
        var sent = new List<Task>(count);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = within * i / count - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(due);
            }

            await gate.WaitAsync();
            sent.Add(SendOneAsync(i));
        }

        await Task.WhenAll(sent);

        async Task SendOneAsync(int i)
        {
            try
            {
                await send(i);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    /// <summary>Polls one entry every 200 ms until it has a position (at most <paramref name="patience"/>).</summary>
    private async Task PollUntilOrderedAsync(string id, string bearer, JsonElement joined, long joinedAt, ConcurrentBag<double> orderedAfter,
        TimeSpan patience)
    {
        var queueId = joined.GetProperty("queueId").GetString();
        var entry = joined;
        while (Stopwatch.GetElapsedTime(joinedAt) < patience)
        {
            if (entry.TryGetProperty("position", out var position) && position.ValueKind == JsonValueKind.Number)
            {
                orderedAfter.Add(Stopwatch.GetElapsedTime(joinedAt).TotalMilliseconds);
                return;
            }

            await Task.Delay(200);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/event/{id}/queue/{queueId}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            using var response = await client.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                entry = await response.Content.ReadFromJsonAsync<JsonElement>();
            }
        }
    }

    /// <summary>
    /// Admitted per minute: the growth of <c>serving</c> over the measured span, read every second while people wait,
    /// from the third second on (admission first catches up with the seconds since the on-sale).
    /// </summary>
    private async Task<double> MeasureAdmissionAsync()
    {
        var samples = new List<(double Seconds, long Serving)>();
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < measureAdmission)
        {
            var room = await client.GetFromJsonAsync<JsonElement>($"/api/event/{eventId}/waiting-room");
            if (room.TryGetProperty("serving", out var serving) && serving.ValueKind == JsonValueKind.Number
                && room.TryGetProperty("waiting", out var waiting) && waiting.ValueKind == JsonValueKind.Number && waiting.GetInt64() > 0
                && Stopwatch.GetElapsedTime(started) >= TimeSpan.FromSeconds(3))
            {
                samples.Add((Stopwatch.GetElapsedTime(started).TotalSeconds, serving.GetInt64()));
            }

            await Task.Delay(1000);
        }

        // Nobody waiting (the drain ordered fewer than the rate admits) leaves nothing to measure: NaN.
        return samples.Count < 2 ? double.NaN : (samples[^1].Serving - samples[0].Serving) / ((samples[^1].Seconds - samples[0].Seconds) / 60);
    }
}
