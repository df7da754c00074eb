using System.Globalization;
using TicketBooking.Http;

namespace TicketBooking.Search;

/// <summary>
/// One search, validated. Dates are the events' local calendar days (<c>yyyy-MM-dd</c>, inclusive); with neither
/// <see cref="Date"/> nor <see cref="From"/> only events that have not started by <see cref="Now"/> are found.
/// </summary>
public sealed record EventSearchQuery(
    string? Text,
    string? City,
    DateOnly? Date,
    DateOnly? From,
    DateOnly? To,
    string? Category,
    int Page,
    int PageSize,
    DateTimeOffset Now)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Deep paging is for crawlers, not people: at most this many results can be paged through.</summary>
    public const int MaxResultWindow = 10_000;

    public const int MaxTextLength = 200;

    /// <summary>The words of <see cref="Text"/> (see <see cref="SearchText.Terms"/>).</summary>
    public IReadOnlyList<string> Terms => SearchText.Terms(Text);

    /// <summary>The folded city, or null.</summary>
    public string? CityKey => string.IsNullOrWhiteSpace(City) ? null : SearchText.Key(City);

    public string? CategoryKey => string.IsNullOrWhiteSpace(Category) ? null : SearchText.Key(Category);

    /// <summary>Only events starting at or after this instant (null when the query names its dates).</summary>
    public DateTimeOffset? StartsNoEarlierThan => Date is null && From is null ? Now : null;

    public int Skip => (Page - 1) * PageSize;

    public static EventSearchQuery Create(string? text = null, string? city = null, DateOnly? date = null, DateOnly? from = null,
        DateOnly? to = null, string? category = null, int page = 1, int pageSize = DefaultPageSize, DateTimeOffset? now = null) =>
        new(text, city, date, from, to, category, page, pageSize, FloorToMinute(now ?? DateTimeOffset.UtcNow));

    /// <summary>
    /// Reads <c>search_term, location, date, from, to, category, page, pageSize</c> from a query string, or throws a 400 naming
    /// every bad parameter. <paramref name="now"/> is floored to the minute so equal searches in one minute are equal.
    /// </summary>
    public static EventSearchQuery Parse(IQueryCollection query, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();

        string? Text(string name, int max)
        {
            var values = query[name];
            if (values.Count > 1)
            {
                errors[name] = [$"Give '{name}' once."];
                return null;
            }

            var value = values.ToString().Trim();
            if (value.Length > max)
            {
                errors[name] = [$"'{name}' must be at most {max} characters."];
                return null;
            }

            return value.Length == 0 ? null : value;
        }

        DateOnly? Day(string name)
        {
            var value = Text(name, 10);
            if (value is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }

            errors[name] = [$"'{name}' must be a date as yyyy-MM-dd, such as 2027-06-01."];
            return null;
        }

        int Number(string name, int fallback, int min, int max)
        {
            var value = Text(name, 9);
            if (value is null)
            {
                return fallback;
            }

            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            {
                return number;
            }

            errors[name] = [$"'{name}' must be a whole number from {min} to {max}."];
            return fallback;
        }

        var text = Text("search_term", MaxTextLength);
        var city = Text("location", 100);
        var category = Text("category", 50);
        var date = Day("date");
        var from = Day("from");
        var to = Day("to");
        var pageSize = Number("pageSize", DefaultPageSize, 1, MaxPageSize);
        var page = Number("page", 1, 1, MaxResultWindow);

        if (date is not null && (from is not null || to is not null))
        {
            errors["date"] = ["Give either 'date' (one day) or 'from'/'to' (a range), not both."];
        }

        if (from is not null && to is not null && from > to)
        {
            errors["to"] = ["'to' must not be before 'from'."];
        }

        if (!errors.ContainsKey("page") && !errors.ContainsKey("pageSize") && (long)page * pageSize > MaxResultWindow)
        {
            errors["page"] = [$"Only the first {MaxResultWindow} results can be paged through: page * pageSize must be at most {MaxResultWindow}."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidRequestException(errors);
        }

        return new EventSearchQuery(text, city, date, from, to, category, page, pageSize, FloorToMinute(now));
    }

    /// <summary>The event's local calendar day as a number (20270601), the form both engines filter on.</summary>
    public static int DayNumber(DateOnly day) => day.Year * 10_000 + day.Month * 100 + day.Day;

    public static int DayNumber(DateTimeOffset startsAt) => DayNumber(DateOnly.FromDateTime(startsAt.DateTime));

    /// <summary>The range of local days the query asks for, inclusive, or null for no bound.</summary>
    public (int? First, int? Last) DayRange => Date is { } d
        ? (DayNumber(d), DayNumber(d))
        : (From is { } f ? DayNumber(f) : null, To is { } t ? DayNumber(t) : null);

    private static DateTimeOffset FloorToMinute(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
}
