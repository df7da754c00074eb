using System.Text.Json;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace TicketBooking.Search.Lucene;

/// <summary>Maps an <see cref="EventSearchEntry"/> to its Lucene document and back.</summary>
internal static class EventDocuments
{
    private static readonly JsonSerializerOptions EntryJson = new(JsonSerializerDefaults.Web);

    /// <summary>The term that identifies an event's document (for updates and deletes).</summary>
    public static Term IdTerm(string eventId) => new(LuceneFields.Id, eventId);

    public static Document From(EventSearchEntry entry)
    {
        var document = new Document
        {
            new StringField(LuceneFields.Id, entry.EventId, Field.Store.NO),
            new SortedDocValuesField(LuceneFields.Id, new BytesRef(entry.EventId)),
            new SortedDocValuesField(LuceneFields.City, new BytesRef(entry.City)),
            new SortedDocValuesField(LuceneFields.Category, new BytesRef(entry.Category)),
            new NumericDocValuesField(LuceneFields.StartsAt, entry.StartsAt.ToUnixTimeMilliseconds()),
            new NumericDocValuesField(LuceneFields.LocalDate, EventSearchQuery.DayNumber(entry.StartsAt)),
            new NumericDocValuesField(LuceneFields.Available, entry.Available),
            new StoredField(LuceneFields.Entry, JsonSerializer.SerializeToUtf8Bytes(entry, EntryJson)),
        };
        foreach (var (field, _) in SearchRanking.Fields)
        {
            document.Add(new TextField(field, entry.TextOf(field), Field.Store.NO));
        }

        return document;
    }

    /// <summary>The entry stored with document <paramref name="doc"/> of a segment.</summary>
    public static EventSearchEntry ReadEntry(AtomicReader reader, int doc)
    {
        var stored = reader.Document(doc).GetBinaryValue(LuceneFields.Entry);
        return JsonSerializer.Deserialize<EventSearchEntry>(stored.Bytes.AsSpan(stored.Offset, stored.Length), EntryJson)!;
    }

    /// <summary>The seats available of document <paramref name="doc"/>: the doc value (updated in place), else the stored entry's.</summary>
    public static int Available(AtomicReader reader, int doc, EventSearchEntry entry) =>
        (int)(reader.GetNumericDocValues(LuceneFields.Available)?.Get(doc) ?? entry.Available);
}
