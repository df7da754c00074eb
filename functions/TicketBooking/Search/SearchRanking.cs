using System.Globalization;
using TicketBooking.Http;

namespace TicketBooking.Search;

/// <summary>How matches are ranked, the same in both engines: per word the best field and the best kind of match, summed.</summary>
public static class SearchRanking
{
    public const string NameField = "name";
    public const string PerformersField = "performers";
    public const string VenueField = "venue";
    public const string DescriptionField = "description";

    /// <summary>The searchable fields and their weights.</summary>
    public static readonly IReadOnlyList<(string Field, int Weight)> Fields =
    [
        (NameField, 3),
        (PerformersField, 3),
        (VenueField, 2),
        (DescriptionField, 1),
    ];

    public const int ExactWeight = 4;
    public const int PrefixWeight = 2;
    public const int FuzzyWeight = 1;
}
