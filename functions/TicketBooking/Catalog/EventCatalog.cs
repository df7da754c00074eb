using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using TicketBooking.Http;
using TicketBooking.Inventory;

namespace TicketBooking.Catalog;

/// <summary>A view ready to send: its JSON and its ETag.</summary>
public sealed record RenderedView(byte[] Json, string ETag);

/// <summary>
/// Creating events and reading them. Views come from the availability snapshot and are rendered to JSON once
/// per change, so the many who only look cost a dictionary lookup and a copy.
/// </summary>
public sealed class EventCatalog(IEventStore events, ITicketInventory inventory, AvailabilityBoard board, TimeProvider time,
    ILogger<EventCatalog> logger, IEnumerable<IEventChangeObserver>? observers = null)
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

    public async Task<EventRecord> CreateAsync(CreateEventRequest request, string organizerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var v = EventRules.Validate(request, now);
        var record = new EventRecord(NewEventId(), v.Name, v.Performers, v.Category, v.Description, v.Venue, v.StartsAt, v.Sections,
            EventStatus.Scheduled, organizerId, now);
        return await AddAsync(record, cancellationToken);
    }

    /// <summary>Stores an event and its tickets (tickets first, so an event that can be seen can be booked).</summary>
    public async Task<EventRecord> AddAsync(EventRecord record, CancellationToken cancellationToken)
    {
        await inventory.AddTicketsAsync(record.Id, TicketsOf(record), cancellationToken);
        if (!await events.CreateAsync(record, cancellationToken))
        {
            throw new DomainException(ErrorKind.AlreadyExists, "The event already exists.",
                $"An event with id '{record.Id}' already exists.");
        }

        logger.LogInformation("Created event {EventId} with {Capacity} seats in {SectionCount} sections", record.Id, record.Capacity, record.Sections.Count);
        foreach (var observer in _observers)
        {
            observer.OnEventChanged(record);
        }

        return record;
    }

    public static IReadOnlyList<Ticket> TicketsOf(EventRecord record)
    {
        var tickets = new List<Ticket>(record.Capacity);
        foreach (var section in record.Sections)
        {
            for (var row = 1; row <= section.Rows; row++)
            {
                for (var seat = 1; seat <= section.SeatsPerRow; seat++)
                {
                    tickets.Add(new Ticket(record.Id, Ticket.IdOf(section.Name, row, seat), section.Name, row, seat, section.Price, section.Currency));
                }
            }
        }

        return tickets;
    }

    public async Task<EventRecord> GetRecordAsync(string eventId, CancellationToken cancellationToken)
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

        _records[eventId] = (record, now);
        SweepRecords(now);
        return record;
    }

    public async Task<RenderedView> GetViewAsync(string eventId, CancellationToken cancellationToken)
    {
        var record = await GetRecordAsync(eventId, cancellationToken);
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
        var record = await GetRecordAsync(eventId, cancellationToken);
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
