using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using TicketBooking.Auth;
using TicketBooking.Http;
using TicketBooking.Inventory;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Catalog;

/// <summary>
/// Creating events and reading them. A new event is stored first, with status <see cref="EventStatus.Creating"/>;
/// its tickets are then written in batches (by <see cref="EventCreationOrchestrator"/>, or in process by
/// <see cref="AddAsync"/>) and only then is it opened for sale, so no ticket ever exists without its event.
/// Views come from the availability snapshot and are rendered to JSON once per change, so the many who only look
/// cost a dictionary lookup and a copy.
/// </summary>
public sealed class EventCatalog(IEventStore events, ITicketInventory inventory, AvailabilityBoard board, OrganizerLimits limits,
    IOptions<CatalogOptions> options, TimeProvider time, ILogger<EventCatalog> logger, IEnumerable<IEventChangeObserver>? observers = null)
{
    private readonly IEventChangeObserver[] _observers = observers?.ToArray() ?? [];

    private static readonly TimeSpan EventCacheLifetime = TimeSpan.FromSeconds(5);
    private const int RecordsBeforeSweep = 1024;
    private readonly ConcurrentDictionary<string, (EventRecord Record, DateTimeOffset FetchedAt)> _records = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    // Rendered views hang off the board's snapshots and listings: they go when the board replaces or evicts those.
    // Each is rendered once however many viewers ask at the same moment (a Lazy per key).
    private readonly ConditionalWeakTable<AvailabilitySnapshot, RenderedEventView> _views = new();
    private readonly ConditionalWeakTable<SectionTickets, Lazy<RenderedView>> _sections = new();

    private sealed record RenderedEventView(long EventVersion, Lazy<RenderedView> View);

    /// <summary>
    /// Validates the request, checks the organizer's daily limits (admins are exempt) and stores the event with
    /// status creating. The caller starts <see cref="EventCreationOrchestrator"/> with <see cref="CreationOf"/>.
    /// </summary>
    public async Task<EventRecord> CreateAsync(CreateEventRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var v = EventRules.Validate(request, now);
        var room = request.WaitingRoom is { } input ? WaitingRoomRules.Validate(input, null, v.StartsAt, 0, now, "waitingRoom.") : null;
        var refunds = request.RefundPolicy?.Validate("refundPolicy.") ?? RefundPolicy.NoRefunds;
        var record = new EventRecord(NewEventId(), v.Name, v.Performers, v.Category, v.Description, v.Venue, v.StartsAt, v.Sections,
            EventStatus.Creating, caller.UserId, now, WaitingRoom: room, RefundPolicy: refunds);
        if (!caller.IsInAnyRole(Roles.Admin))
        {
            await limits.EnsureAllowedAsync(caller.UserId, record.Capacity, cancellationToken);
        }

        await StoreNewAsync(record, cancellationToken);
        return record;
    }

    /// <summary>What the creation orchestration of <paramref name="record"/> is started with.</summary>
    public EventCreationInput CreationOf(EventRecord record) => new(record.Id, record.Capacity, options.Value.TicketBatchSize);

    /// <summary>
    /// Stores an event, writes all its tickets and opens it, in this process (the demo catalog, benchmarks): the same
    /// steps as the orchestration, for callers that have no Durable Task worker to hand.
    /// </summary>
    public async Task<EventRecord> AddAsync(EventRecord record, CancellationToken cancellationToken)
    {
        await StoreNewAsync(record with { Status = EventStatus.Creating }, cancellationToken);
        await inventory.AddTicketsAsync(record.Id, TicketsOf(record), cancellationToken);
        return await OpenAsync(record.Id, cancellationToken);
    }

    private async Task StoreNewAsync(EventRecord record, CancellationToken cancellationToken)
    {
        if (!await events.CreateAsync(record, cancellationToken))
        {
            throw new DomainException(ErrorKind.AlreadyExists, "The event already exists.",
                $"An event with id '{record.Id}' already exists.");
        }

        logger.LogInformation("Stored event {EventId} ({Status}) with {Capacity} seats in {SectionCount} sections",
            record.Id, record.Status, record.Capacity, record.Sections.Count);
        Notify(record);
    }

    /// <summary>
    /// Writes one batch of a stored event's tickets (create-if-absent: a batch written twice adds nothing). The
    /// number of tickets in the batch. Refuses an event that does not exist, so no ticket is ever orphaned.
    /// </summary>
    public async Task<int> WriteTicketBatchAsync(TicketBatch batch, CancellationToken cancellationToken)
    {
        var record = await events.GetAsync(batch.EventId, cancellationToken)
            ?? throw new InvalidOperationException($"Event {batch.EventId} is not stored; its tickets are not written.");
        var tickets = TicketsOf(record, batch.Index * batch.BatchSize, batch.BatchSize);
        await inventory.AddTicketsAsync(record.Id, tickets, cancellationToken);
        return tickets.Count;
    }

    /// <summary>Moves an event from creating to scheduled (on sale); repeated calls change nothing.</summary>
    public async Task<EventRecord> OpenAsync(string eventId, CancellationToken cancellationToken)
    {
        var opened = await events.ChangeStatusAsync(eventId, EventStatus.Creating, EventStatus.Scheduled, cancellationToken)
            ?? await events.GetAsync(eventId, cancellationToken)
            ?? throw new InvalidOperationException($"Event {eventId} is not stored; it cannot be opened.");
        if (opened.Status == EventStatus.Scheduled)
        {
            _records[eventId] = (opened, time.GetUtcNow());
            logger.LogInformation("Event {EventId} is on sale", eventId);
            Notify(opened);
        }

        return opened;
    }

    private void Notify(EventRecord record)
    {
        foreach (var observer in _observers)
        {
            observer.OnEventChanged(record);
        }
    }

    /// <summary>Every ticket of an event, in layout order (section by section, row by row, seat by seat).</summary>
    public static IReadOnlyList<Ticket> TicketsOf(EventRecord record) => TicketsOf(record, 0, record.Capacity);

    /// <summary>At most <paramref name="count"/> tickets of an event, from the <paramref name="start"/>-th seat in layout order.</summary>
    public static IReadOnlyList<Ticket> TicketsOf(EventRecord record, int start, int count)
    {
        var tickets = new List<Ticket>(Math.Max(0, Math.Min(count, record.Capacity - start)));
        var offset = start;
        foreach (var section in record.Sections)
        {
            if (offset >= section.Capacity)
            {
                offset -= section.Capacity;
                continue;
            }

            for (var i = offset; i < section.Capacity && tickets.Count < count; i++)
            {
                var row = i / section.SeatsPerRow + 1;
                var seat = i % section.SeatsPerRow + 1;
                tickets.Add(new Ticket(record.Id, Ticket.IdOf(section.Name, row, seat), section.Name, row, seat, section.Price, section.Currency));
            }

            offset = 0;
            if (tickets.Count == count)
            {
                break;
            }
        }

        return tickets;
    }

    /// <summary>
    /// The record of an event that can be booked: 404 when there is none, 409 sales-closed while it is still being
    /// created (its tickets are not all written yet).
    /// </summary>
    public async Task<EventRecord> GetRecordAsync(string eventId, CancellationToken cancellationToken)
    {
        var record = await FindRecordAsync(eventId, cancellationToken);
        if (record.Status == EventStatus.Creating)
        {
            throw new DomainException(ErrorKind.SalesClosed, "Tickets for this event are not on sale yet.",
                $"Event '{record.Id}' is still being created; it goes on sale when its status is 'scheduled'.");
        }

        return record.Status == EventStatus.Cancelled ? throw CatalogErrors.Cancelled(record.Id) : record;
    }

    /// <summary>Sets the event's refund policy (its organizer or an admin); refused once the event is cancelled.</summary>
    public Task<EventRecord> SetRefundPolicyAsync(string eventId, Caller caller, RefundPolicy policy, CancellationToken cancellationToken) =>
        ChangeAsync(eventId, caller, "change its refund policy", r => r.Refunds == policy ? null : r with { RefundPolicy = policy },
            cancellationToken);

    /// <summary>Moves the event to a new start (its organizer or an admin); bookings stay. Refused once the event is cancelled.</summary>
    public Task<EventRecord> RescheduleAsync(string eventId, Caller caller, ScheduleRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var startsAt = request.StartsAt switch
        {
            null => throw InvalidRequestException.For("startsAt", "'startsAt' is required (ISO 8601 with an offset, such as 2027-06-01T19:30:00+02:00)."),
            { } at when at <= now => throw InvalidRequestException.For("startsAt", "'startsAt' must be in the future."),
            { } at when at > now.AddYears(5) => throw InvalidRequestException.For("startsAt", "'startsAt' must be within five years."),
            { } at => at,
        };
        return ChangeAsync(eventId, caller, "reschedule it", r => r.StartsAt == startsAt ? null : r with { StartsAt = startsAt }, cancellationToken);
    }

    /// <summary>
    /// Cancels the event (its organizer or an admin): from the stored write on, reserve and the waiting room refuse it on
    /// this instance at once (others within the record cache's few seconds), and search shows it cancelled. Cancelling
    /// again changes nothing. The caller starts the refund of its bookings.
    /// </summary>
    public Task<EventRecord> CancelAsync(string eventId, Caller caller, CancellationToken cancellationToken) =>
        ChangeAsync(eventId, caller, "cancel it", r => r with { Status = EventStatus.Cancelled }, cancellationToken, allowCancelled: true);

    /// <summary>The stored event (uncached), if the caller is its organizer or an admin: 404 when there is none, 403 for anyone else.</summary>
    public Task<EventRecord> GetOwnedAsync(string eventId, Caller caller, CancellationToken cancellationToken) =>
        ReadOwnedAsync(eventId, caller, "see this", cancellationToken);

    /// <summary>The stored event (uncached): 404 when there is none, 403 (saying who may <paramref name="what"/>) unless the caller is its organizer or an admin.</summary>
    private async Task<EventRecord> ReadOwnedAsync(string eventId, Caller caller, string what, CancellationToken cancellationToken)
    {
        var record = (IsPlausibleId(eventId) ? await events.GetAsync(eventId, cancellationToken) : null)
            ?? throw new DomainException(ErrorKind.EventNotFound, "Event not found.", $"There is no event with id '{Truncate(eventId)}'.");
        return record.CreatedBy == caller.UserId || caller.IsInAnyRole(Roles.Admin) ? record
            : throw new DomainException(ErrorKind.Forbidden, "You are not allowed to do this.", $"Only the event's organizer or an admin may {what}.");
    }

    /// <summary>
    /// An organizer's change of a stored event: <paramref name="change"/> gets the stored event and returns it changed
    /// (null when there is nothing to change); it is stored with a conditional write, deciding again if the event changed
    /// meanwhile. A cancelled event takes no more changes (409) unless <paramref name="allowCancelled"/> (then it is
    /// returned as it is).
    /// </summary>
    private async Task<EventRecord> ChangeAsync(string eventId, Caller caller, string what, Func<EventRecord, EventRecord?> change,
        CancellationToken cancellationToken, bool allowCancelled = false)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var record = await ReadOwnedAsync(eventId, caller, what, cancellationToken);
            if (record.Status == EventStatus.Cancelled)
            {
                return allowCancelled ? Remember(record) : throw CatalogErrors.Cancelled(record.Id);
            }

            if (change(record) is not { } next)
            {
                return record;
            }

            if (await events.ReplaceAsync(next with { Version = record.Version + 1 }, record.Version, cancellationToken) is { } changed)
            {
                logger.LogInformation("Event {EventId} changed by {UserId} ({Change}): version {Version}, status {Status}, starts {StartsAt}",
                    eventId, caller.UserId, what, changed.Version, changed.Status, changed.StartsAt);
                Remember(changed);
                Notify(changed);
                return changed;
            }
        }

        throw new DomainException(ErrorKind.AlreadyExists, "The event changed meanwhile.", "The event kept changing; send the request again.");
    }

    private EventRecord Remember(EventRecord record)
    {
        _records[record.Id] = (record, time.GetUtcNow());
        return record;
    }

    /// <summary>
    /// Changes the event's waiting room, as its organizer or an admin: <paramref name="decide"/> gets the stored event
    /// and returns its new settings (it runs again if the event changed meanwhile). The event as it now is.
    /// </summary>
    public async Task<EventRecord> SetWaitingRoomAsync(string eventId, Caller caller,
        Func<EventRecord, CancellationToken, Task<WaitingRoomSettings?>> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var record = await ReadOwnedAsync(eventId, caller, "change its waiting room", cancellationToken);
            var room = await decide(record, cancellationToken);
            if (await events.SetWaitingRoomAsync(eventId, record.Version, room, cancellationToken) is { } changed)
            {
                _records[eventId] = (changed, time.GetUtcNow());
                logger.LogInformation("Event {EventId} waiting room set: enabled {Enabled}, {AdmitPerMinute} a minute",
                    eventId, room?.Enabled ?? false, room?.AdmitPerMinute);
                Notify(changed);
                return changed;
            }
        }

        throw new DomainException(ErrorKind.AlreadyExists, "The event changed meanwhile.", "The event kept changing; send the request again.");
    }

    /// <summary>The stored event, whatever its status (cached for a few seconds); 404 when there is none.</summary>
    public Task<EventRecord> FindAsync(string eventId, CancellationToken cancellationToken) => FindRecordAsync(eventId, cancellationToken);

    private async Task<EventRecord> FindRecordAsync(string eventId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_records.TryGetValue(eventId, out var cached) && now - cached.FetchedAt < EventCacheLifetime)
        {
            return cached.Record;
        }

        var record = IsPlausibleId(eventId) ? await events.GetAsync(eventId, cancellationToken) : null;
        if (record is null)
        {
            throw new DomainException(ErrorKind.EventNotFound, "Event not found.",
                $"There is no event with id '{Truncate(eventId)}'.");
        }

        // An event being created is read afresh each time, so every instance sees it go on sale at once.
        if (record.Status != EventStatus.Creating)
        {
            _records[eventId] = (record, now);
            SweepRecords(now);
        }

        return record;
    }

    public async Task<RenderedView> GetViewAsync(string eventId, CancellationToken cancellationToken)
    {
        var record = await FindRecordAsync(eventId, cancellationToken);
        var availability = (await BoardOfAsync(record, cancellationToken)).Snapshot();
        RenderedEventView Rendering() => new(record.Version, new Lazy<RenderedView>(() => Render(EventView.From(record, availability))));
        var cached = _views.GetValue(availability, _ => Rendering());
        if (cached.EventVersion != record.Version)
        {
            cached = Rendering();
            _views.AddOrUpdate(availability, cached);
        }

        return cached.View.Value;
    }

    /// <summary>The tickets of one section, rendered once per change of that section.</summary>
    public async Task<RenderedView> GetSectionAsync(string eventId, string? section, CancellationToken cancellationToken)
    {
        var record = await FindRecordAsync(eventId, cancellationToken);
        if (string.IsNullOrWhiteSpace(section))
        {
            throw new InvalidRequestException(new Dictionary<string, string[]>
            {
                ["section"] = [$"Name a section with '?section='. This event has: {string.Join(", ", record.Sections.Select(s => s.Name))}."],
            });
        }

        var layout = record.FindSection(section) ?? throw new DomainException(ErrorKind.SectionNotFound,
            "Section not found.", $"Event '{eventId}' has no section '{Truncate(section)}'. It has: {string.Join(", ", record.Sections.Select(s => s.Name))}.");

        var listing = (await BoardOfAsync(record, cancellationToken)).Section(layout.Name);
        return _sections.GetValue(listing, l => new Lazy<RenderedView>(() => Render(SectionTicketsView.From(eventId, layout.Name, l)))).Value;
    }

    /// <summary>The availability board of an event (404 when there is none), loaded if the board does not hold it.</summary>
    public async Task<EventBoard> GetBoardAsync(string eventId, CancellationToken cancellationToken) =>
        await BoardOfAsync(await FindRecordAsync(eventId, cancellationToken), cancellationToken);

    private Task<EventBoard> BoardOfAsync(EventRecord record, CancellationToken cancellationToken) =>
        board.GetAsync(record.Id, record.OverAt, ct => inventory.GetTicketsAsync(record.Id, null, ct), cancellationToken);

    private static RenderedView Render<T>(T value)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, ApiJson.Options);
        return new RenderedView(json, $"\"{Convert.ToHexStringLower(SHA256.HashData(json), 0, 8)}\"");
    }

    /// <summary>Drops cached event records past their lifetime, so events viewed once do not stay for good.</summary>
    private void SweepRecords(DateTimeOffset now)
    {
        var next = Volatile.Read(ref _nextSweepTicks);
        if (_records.Count < RecordsBeforeSweep || now.UtcTicks < next
            || Interlocked.CompareExchange(ref _nextSweepTicks, (now + EventCacheLifetime).UtcTicks, next) != next)
        {
            return;
        }

        foreach (var (id, entry) in _records)
        {
            if (now - entry.FetchedAt >= EventCacheLifetime)
            {
                _records.TryRemove(new KeyValuePair<string, (EventRecord, DateTimeOffset)>(id, entry));
            }
        }
    }

    private static string NewEventId() => "evt-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    private static bool IsPlausibleId(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
