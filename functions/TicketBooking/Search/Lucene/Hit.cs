namespace TicketBooking.Search.Lucene;

/// <summary>A matching document: its score, start time and id (the ranking keys) and its index-wide number.</summary>
internal readonly record struct Hit(int Score, long StartsAt, string Id, int Doc);
