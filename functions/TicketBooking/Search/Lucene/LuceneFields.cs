namespace TicketBooking.Search.Lucene;

/// <summary>
/// Field names of an event document: the id (a term for updates, a doc value for ordering), the text fields of
/// <see cref="SearchRanking"/> (analyzed by <see cref="FoldingAnalyzer"/>), doc values read as columns, and the stored
/// entry returned as the result.
/// </summary>
internal static class LuceneFields
{
    public const string Id = "eventId";
    public const string City = "city";
    public const string Category = "category";
    public const string StartsAt = "startsAt";
    public const string LocalDate = "localDate";
    public const string Available = "available";
    public const string Entry = "entry";
}
