using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace TicketBooking.Search.Lucene;

/// <summary>
/// The columns a search reads for every match, per segment: start time, local day, id and facet values. Segments never
/// change (only their deletions and the available counts do), so this is built once per segment and shared by all searches.
/// </summary>
internal sealed class SegmentColumns
{
    private static readonly ConditionalWeakTable<object, SegmentColumns> Cache = new();

    private EventSearchEntry?[]? _entries;
    private int[][]? _docsByCity;

    private SegmentColumns(AtomicReader reader)
    {
        var count = reader.MaxDoc;
        StartsAt = new long[count];
        LocalDate = new int[count];
        Ids = new string[count];
        var startsAt = reader.GetNumericDocValues(LuceneFields.StartsAt);
        var localDate = reader.GetNumericDocValues(LuceneFields.LocalDate);
        var ids = reader.GetSortedDocValues(LuceneFields.Id);
        var bytes = new BytesRef();
        for (var doc = 0; doc < count; doc++)
        {
            StartsAt[doc] = startsAt?.Get(doc) ?? 0;
            LocalDate[doc] = (int)(localDate?.Get(doc) ?? 0);
            var ord = ids?.GetOrd(doc) ?? -1;
            if (ord >= 0)
            {
                ids!.LookupOrd(ord, bytes);
                Ids[doc] = bytes.Utf8ToString();
            }
            else
            {
                Ids[doc] = "";
            }
        }

        (CityOrds, CityValues) = Ordinals(reader.GetSortedDocValues(LuceneFields.City), count);
        (CategoryOrds, CategoryValues) = Ordinals(reader.GetSortedDocValues(LuceneFields.Category), count);
        CityKeys = CityValues.Select(SearchText.Key).ToArray();
        CategoryKeys = CategoryValues.Select(SearchText.Key).ToArray();
    }

    public long[] StartsAt { get; }
    public int[] LocalDate { get; }
    public string[] Ids { get; }
    public int[] CityOrds { get; }
    public string[] CityValues { get; }
    public string[] CityKeys { get; }
    public int[] CategoryOrds { get; }
    public string[] CategoryValues { get; }
    public string[] CategoryKeys { get; }

    public static SegmentColumns Of(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => new SegmentColumns(reader));

    /// <summary>Per facet ordinal of a segment, whether its folded value is <paramref name="key"/>; null for no filter, empty when none is.</summary>
    public static bool[]? Allowed(string[] keys, string? key)
    {
        if (key is null)
        {
            return null;
        }

        var allowed = new bool[keys.Length];
        var any = false;
        for (var ord = 0; ord < keys.Length; ord++)
        {
            any |= allowed[ord] = keys[ord] == key;
        }

        return any ? allowed : [];
    }

    /// <summary>The stored entry of a document, read and parsed once (results are mostly the same few thousand events).</summary>
    public EventSearchEntry Entry(AtomicReader reader, int doc)
    {
        var entries = LazyInitializer.EnsureInitialized(ref _entries, () => new EventSearchEntry?[StartsAt.Length]);
        if (Volatile.Read(ref entries[doc]) is { } known)
        {
            return known;
        }

        var entry = EventDocuments.ReadEntry(reader, doc);
        Volatile.Write(ref entries[doc], entry);
        return entry;
    }

    /// <summary>The documents whose city ordinal is allowed, from per-city lists built on first use.</summary>
    public (int[] Docs, int Count) DocsOf(bool[] allowedCities)
    {
        var byCity = LazyInitializer.EnsureInitialized(ref _docsByCity, () =>
        {
            var lists = new List<int>[CityValues.Length];
            for (var ord = 0; ord < lists.Length; ord++)
            {
                lists[ord] = [];
            }

            for (var doc = 0; doc < CityOrds.Length; doc++)
            {
                if (CityOrds[doc] >= 0)
                {
                    lists[CityOrds[doc]].Add(doc);
                }
            }

            return lists.Select(l => l.ToArray()).ToArray();
        });
        var selected = byCity.Where((_, ord) => allowedCities[ord]).ToArray();
        return selected.Length == 1 ? (selected[0], selected[0].Length) : (selected.SelectMany(d => d).ToArray(), selected.Sum(d => d.Length));
    }

    private static (int[] Ords, string[] Values) Ordinals(SortedDocValues? values, int count)
    {
        var ords = new int[count];
        if (values is null)
        {
            Array.Fill(ords, -1);
            return (ords, []);
        }

        for (var doc = 0; doc < count; doc++)
        {
            ords[doc] = values.GetOrd(doc);
        }

        var bytes = new BytesRef();
        var names = new string[values.ValueCount];
        for (var ord = 0; ord < names.Length; ord++)
        {
            values.LookupOrd(ord, bytes);
            names[ord] = bytes.Utf8ToString();
        }

        return (ords, names);
    }
}
