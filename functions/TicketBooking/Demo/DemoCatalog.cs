using TicketBooking.Catalog;

namespace TicketBooking.Demo;

/// <summary>
/// A deterministic, realistic catalog: events across a dozen cities with plausible names, performers, venues
/// and dates, plus one 50,000-seat stadium event. The same seed always gives the same catalog.
/// </summary>
public static class DemoCatalog
{
    public const string StadiumEventId = "evt-stadium-finale";

    private static readonly (string City, string[] Venues)[] Cities =
    [
        ("New York", ["Hudson Hall", "Brooklyn Steel Works", "Lenox Theatre"]),
        ("London", ["Southbank Arena", "Camden Roundhouse Stage", "Royal Vale Hall"]),
        ("Berlin", ["Spree Arena", "Kreuzberg Kulturhaus", "Tempelhof Hangar 4"]),
        ("Paris", ["Salle Pleyel Nord", "Le Zénith Est", "Théâtre du Canal"]),
        ("Madrid", ["Palacio Vistalegre Sur", "Teatro Gran Vía", "Sala Malasaña"]),
        ("Amsterdam", ["Ziggo Pier", "Paradiso Kerk", "Westergas Loods"]),
        ("Chicago", ["Lakeshore Pavilion", "Wicker Park Ballroom", "Riverside Opera House"]),
        ("Los Angeles", ["Sunset Bowl", "Echo Park Amphitheater", "Downtown Palladium"]),
        ("Toronto", ["Harbourfront Hall", "Queen West Music Hall", "Danforth Playhouse"]),
        ("Sydney", ["Harbour Arena", "Surry Hills Playhouse", "Darling Quarter Stage"]),
        ("São Paulo", ["Arena Paulista", "Teatro Vila Madalena", "Espaço Ibirapuera"]),
        ("Zürich", ["Hallenstadion West", "Kaufleuten Saal", "Tonhalle Klein"]),
        ("Montréal", ["Centre Bell Est", "Théâtre Plateau", "Salle Mile End"]),
    ];

    private static readonly (string Category, string[] Performers, string[] Titles)[] Kinds =
    [
        ("concert", ["Taylor Brooks", "Coldplay Tribute Orchestra", "The Midnight Owls", "Aurora Vance", "Neon Harbor", "Los Amigos del Sur",
            "Kai Nakamura Trio", "Velvet Static", "Marisol Ortega", "The Paper Kites Revival", "Echo & The Lanterns", "Billie Hart"],
            ["World Tour", "Live", "Unplugged", "Greatest Hits Night", "Album Release Show", "Summer Nights"]),
        ("sports", ["City Falcons", "Harbor United", "Metro Kings", "Northside Rovers", "Capital Titans", "Valley Hawks"],
            ["Derby", "Cup Final", "Season Opener", "Championship Game", "Rivals Night"]),
        ("theatre", ["Hamlet Ensemble", "The Phantom Company", "Les Misérables Touring Cast", "Grand Opera Players", "Chicago Revue"],
            ["Opening Night", "Matinee", "Gala Performance", "Final Week"]),
        ("comedy", ["Dave Ramirez", "Priya Kapoor", "The Improv Collective", "Tom O'Neill", "Sasha Ivanova"],
            ["Stand-up Special", "Late Show", "Comedy Marathon", "Work in Progress"]),
        ("family", ["Circus Lumière", "Dino Live Adventure", "Frozen Ice Spectacular", "Puppet Theatre Rialto"],
            ["Weekend Show", "Holiday Special", "Family Matinee"]),
        ("festival", ["Sunrise Electronic", "Jazz on the Water", "Folk Roots Gathering", "Indie Horizons"],
            ["Festival Day 1", "Festival Day 2", "Weekend Pass Night"]),
    ];

    private static readonly string[] Currencies = ["USD", "GBP", "EUR", "EUR", "EUR", "EUR", "USD", "USD", "CAD", "AUD", "BRL", "CHF", "CAD"];

    /// <summary>Generates <paramref name="count"/> events starting after <paramref name="now"/>, plus the stadium event when asked.</summary>
    public static IEnumerable<EventRecord> Generate(int count, DateTimeOffset now, int seed = 20261129, bool includeStadium = true,
        int maxSeatsPerEvent = 400)
    {
        var random = new Random(seed);
        if (includeStadium)
        {
            yield return Stadium(now);
        }

        for (var i = 0; i < count; i++)
        {
            var cityIndex = random.Next(Cities.Length);
            var (city, venues) = Cities[cityIndex];
            var (category, performers, titles) = Kinds[random.Next(Kinds.Length)];
            var headliner = performers[random.Next(performers.Length)];
            var support = random.Next(3) == 0 ? performers[random.Next(performers.Length)] : null;
            var lineUp = support is null || support == headliner ? new[] { headliner } : new[] { headliner, support };
            var title = titles[random.Next(titles.Length)];
            var venue = venues[random.Next(venues.Length)];
            var startsAt = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero)
                .AddDays(1 + random.Next(365)).AddHours(18 + random.Next(4)).AddMinutes(random.Next(2) * 30);
            var currency = Currencies[cityIndex];
            var sections = Layout(random, currency, maxSeatsPerEvent);
            var id = $"evt-{seed % 1000:000}{i:000000}";
            yield return new EventRecord(id, $"{headliner}: {title}", lineUp, category,
                $"{headliner} {title.ToLowerInvariant()} at {venue}, {city}.", new Venue(venue, city, $"{1 + random.Next(400)} Main Street, {city}"),
                startsAt, sections, EventStatus.Scheduled, "demo-organizer", now);
        }
    }

    /// <summary>The 50,000-seat stadium: 20 sections of 50 rows by 50 seats.</summary>
    public static EventRecord Stadium(DateTimeOffset now)
    {
        var sections = Enumerable.Range(1, 20)
            .Select(i => new SectionLayout($"S{100 + i}", 50, 50, i <= 4 ? 189m : i <= 12 ? 129m : 79m, "USD"))
            .ToArray();
        return new EventRecord(StadiumEventId, "Neon Harbor: Stadium Finale", ["Neon Harbor", "Aurora Vance"], "concert",
            "The last night of the world tour, in the round.", new Venue("Liberty Field Stadium", "New York", "1 Stadium Plaza, New York"),
            new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(60).AddHours(19), sections, EventStatus.Scheduled, "demo-organizer", now);
    }

    private static SectionLayout[] Layout(Random random, string currency, int maxSeats)
    {
        var sectionCount = 1 + random.Next(3);
        var rows = Math.Max(1, Math.Min(10, maxSeats / sectionCount / 20));
        var seatsPerRow = Math.Max(1, Math.Min(20, maxSeats / sectionCount / rows));
        var basePrice = 25 + random.Next(12) * 10;
        return Enumerable.Range(0, sectionCount)
            .Select(i => new SectionLayout(((char)('A' + i)).ToString(), rows, seatsPerRow, basePrice + (sectionCount - i) * 15m, currency))
            .ToArray();
    }
}
