using TicketBooking.Catalog;
using TicketBooking.Demo;
using TicketBooking.Search;

namespace TicketBooking.Tests.Search;

/// <summary>
/// The generated catalog the query suite runs on (deterministic seed): demo events from 60 days ago to 10 months ahead,
/// so some have already started, plus a few written to catch edge cases.
/// </summary>
public static class SearchTestCatalog
{
    public static readonly DateTimeOffset Now = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<EventSearchEntry> Entries { get; } = Build();

    private static List<EventSearchEntry> Build()
    {
        var entries = DemoCatalog.Generate(1200, Now.AddDays(-60), seed: 4242)
            .Select(r => EventSearchEntry.From(r, available: (int)((uint)StableHash(r.Id) % (uint)(r.Capacity + 1))))
            .ToList();

        EventSearchEntry Extra(string id, string name, string[] performers, string venue, string city, string category, int days) =>
            new(id, name, performers, venue, city, $"{name} at {venue}.", category, Now.AddDays(days).AddHours(7), 35m, "EUR", 100, 0);

        entries.Add(Extra("evt-x-acdc", "AC/DC: Back (in) Black* \"Live\" ~ AND OR", ["AC/DC"], "Zénith: Salle 1", "Paris", "concert", 12));
        entries.Add(Extra("evt-x-sao", "Samba de Verão", ["Bloco Açúcar"], "Espaço Ibirapuera", "Sao Paulo", "concert", 20));
        entries.Add(Extra("evt-x-kiez", "Straßenfest Kiez", ["Die Ärzte Coverband"], "Kreuzberg Kulturhaus", "Berlin", "Festival", 33));
        entries.Add(Extra("evt-x-past", "Taylor Brooks: Yesterday Once More", ["Taylor Brooks"], "Hudson Hall", "New York", "concert", -2));
        return entries;
    }

    /// <summary>A random but repeatable mix of what people type: words, prefixes, typos, cities, dates, categories and pages.</summary>
    public static IEnumerable<EventSearchQuery> RandomQueries(int count, int seed = 7)
    {
        var random = new Random(seed);
        var entries = Entries;
        string[] cities = ["New York", "new york", "LONDON", "São Paulo", "sao paulo", "SAO PAULO", "Zurich", "zürich", "Montreal", "MONTRÉAL", "Atlantis"];
        string[] categories = ["concert", "sports", "Theatre", "comedy", "family", "festival", "opera"];
        int[] pageSizes = [5, 10, 20, 100];

        string AnyWord()
        {
            var e = entries[random.Next(entries.Count)];
            var field = SearchRanking.Fields[random.Next(SearchRanking.Fields.Count)].Field;
            var words = SearchText.Tokenize(e.TextOf(field));
            return words.Count == 0 ? "live" : words[random.Next(words.Count)];
        }

        string Typo(string word)
        {
            if (word.Length < 5)
            {
                return word;
            }

            var chars = word.ToCharArray();
            var i = 1 + random.Next(chars.Length - 2);
            switch (random.Next(3))
            {
                case 0:
                    (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
                    return new string(chars);
                case 1:
                    chars[i] = (char)('a' + random.Next(26));
                    return new string(chars);
                default:
                    return word.Remove(i, 1);
            }
        }

        for (var n = 0; n < count; n++)
        {
            var word = AnyWord();
            var text = random.Next(8) switch
            {
                0 => null,
                1 => word,
                2 => word[..Math.Min(3, word.Length)],
                3 => Typo(word),
                4 => $"{word} {AnyWord()}",
                5 => word.ToUpperInvariant(),
                6 => $"\"{word}\" AND ({Typo(AnyWord())}*)",
                _ => word[..Math.Min(2 + random.Next(4), word.Length)],
            };
            var day = DateOnly.FromDateTime(entries[random.Next(entries.Count)].StartsAt.DateTime);
            DateOnly? date = null, from = null, to = null;
            switch (random.Next(10))
            {
                case 0:
                    date = day;
                    break;
                case 1:
                    from = day;
                    to = day.AddDays(random.Next(60));
                    break;
                case 2:
                    from = DateOnly.FromDateTime(Now.DateTime).AddDays(-30);
                    break;
                case 3:
                    to = day;
                    break;
            }

            yield return EventSearchQuery.Create(
                text,
                random.Next(4) == 0 ? cities[random.Next(cities.Length)] : null,
                date, from, to,
                random.Next(5) == 0 ? categories[random.Next(categories.Length)] : null,
                page: 1 + random.Next(3),
                pageSize: pageSizes[random.Next(pageSizes.Length)],
                now: Now);
        }
    }

    private static int StableHash(string value)
    {
        var hash = 17;
        foreach (var c in value)
        {
            hash = unchecked(hash * 31 + c);
        }

        return hash;
    }
}
