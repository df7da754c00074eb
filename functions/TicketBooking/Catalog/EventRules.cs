using System.Globalization;
using System.Text.RegularExpressions;
using TicketBooking.Http;
using TicketBooking.Payments;

namespace TicketBooking.Catalog;

/// <summary>The rules a new event must meet. A 50,000-seat stadium fits; a runaway layout does not.</summary>
public static partial class EventRules
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxPerformers = 20;
    public const int MaxSections = 100;
    public const int MaxRows = 200;
    public const int MaxSeatsPerRow = 500;
    public const int MaxCapacity = 100_000;

    /// <summary>Section names become part of ticket ids (<c>A-3-12</c>), so they are short and plain.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_]{0,19}$")]
    public static partial Regex SectionName();

    /// <summary>Validates the request and returns the layout to store, or throws a 400 naming every problem.</summary>
    public static (string Name, IReadOnlyList<string> Performers, string Category, string Description, Venue Venue, DateTimeOffset StartsAt,
        IReadOnlyList<SectionLayout> Sections) Validate(CreateEventRequest request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, List<string>>();
        void Fail(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        string Text(string field, string? value, int max, bool required = true)
        {
            var trimmed = value?.Trim() ?? "";
            if (required && trimmed.Length == 0)
            {
                Fail(field, $"'{field}' is required.");
            }
            else if (trimmed.Length > max)
            {
                Fail(field, $"'{field}' must be at most {max} characters.");
            }

            return trimmed;
        }

        var name = Text("name", request.Name, MaxNameLength);
        var category = Text("category", request.Category, 50);
        var description = Text("description", request.Description, MaxDescriptionLength, required: false);

        var performers = new List<string>();
        if (request.Performers is { Count: > MaxPerformers })
        {
            Fail("performers", $"At most {MaxPerformers} performers.");
        }
        else
        {
            foreach (var (performer, i) in (request.Performers ?? []).Select((p, i) => (p, i)))
            {
                var value = Text($"performers[{i}]", performer, MaxNameLength);
                if (value.Length > 0)
                {
                    performers.Add(value);
                }
            }
        }

        var venueName = Text("venue.name", request.Venue?.Name, MaxNameLength);
        var city = Text("venue.city", request.Venue?.City, 100);
        var address = Text("venue.address", request.Venue?.Address, 300, required: false);

        var startsAt = request.StartsAt ?? default;
        if (request.StartsAt is null)
        {
            Fail("startsAt", "'startsAt' is required (ISO 8601 with an offset, such as 2027-06-01T19:30:00+02:00).");
        }
        else if (startsAt <= now)
        {
            Fail("startsAt", "'startsAt' must be in the future.");
        }
        else if (startsAt > now.AddYears(5))
        {
            Fail("startsAt", "'startsAt' must be within five years.");
        }

        var sections = new List<SectionLayout>();
        if (request.Sections is null || request.Sections.Count == 0)
        {
            Fail("sections", "At least one section is required.");
        }
        else if (request.Sections.Count > MaxSections)
        {
            Fail("sections", $"At most {MaxSections} sections.");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < request.Sections.Count; i++)
            {
                var s = request.Sections[i];
                var field = $"sections[{i}]";
                if (s is null)
                {
                    Fail(field, "A section must be an object.");
                    continue;
                }

                var sectionName = s.Name?.Trim() ?? "";
                if (!SectionName().IsMatch(sectionName))
                {
                    Fail($"{field}.name", "A section name is 1 to 20 letters, digits or '_', starting with a letter or digit.");
                }
                else if (!seen.Add(sectionName))
                {
                    Fail($"{field}.name", $"Section '{sectionName}' appears twice.");
                }

                if (s.Rows is not (>= 1 and <= MaxRows))
                {
                    Fail($"{field}.rows", $"'rows' must be between 1 and {MaxRows}.");
                }

                if (s.SeatsPerRow is not (>= 1 and <= MaxSeatsPerRow))
                {
                    Fail($"{field}.seatsPerRow", $"'seatsPerRow' must be between 1 and {MaxSeatsPerRow}.");
                }

                var code = s.Currency?.Trim().ToUpperInvariant() ?? "";
                if (!Currencies.TryGet(code, out var currency))
                {
                    Fail($"{field}.currency", "'currency' must be a supported ISO 4217 code such as USD, EUR or JPY (docs/api.md lists them).");
                }

                var priceProblem = PriceProblem(s.Price, currency);
                if (priceProblem is not null)
                {
                    Fail($"{field}.price", priceProblem);
                }

                sections.Add(new SectionLayout(sectionName, s.Rows ?? 0, s.SeatsPerRow ?? 0, s.Price ?? 0, currency?.Code ?? code));
            }

            if (errors.Count == 0 && sections.Select(s => s.Currency).Distinct().Count() > 1)
            {
                Fail("sections", "Every section of an event must use the same currency.");
            }

            if (errors.Count == 0 && sections.Sum(s => (long)s.Capacity) > MaxCapacity)
            {
                Fail("sections", $"An event has at most {MaxCapacity} seats.");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidRequestException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        return (name, performers, category, description, new Venue(venueName, city, address), startsAt, sections);
    }

    /// <summary>
    /// Why a ticket price cannot be sold in its currency, or null when it can. A price is 0 (a free ticket) or a whole
    /// multiple of the currency's smallest amount that Stripe accepts (0.01 USD, 1 JPY, 0.01 KWD, 1 ISK), and at most
    /// what one Stripe charge may be, so every total converts to Stripe's minor units exactly.
    /// </summary>
    private static string? PriceProblem(decimal? price, Currency? currency)
    {
        if (price is not { } value)
        {
            return "'price' is required (0 for a free ticket).";
        }

        if (value < 0)
        {
            return "'price' must not be negative (0 is a free ticket).";
        }

        if (currency is null)
        {
            return null; // the currency's own error says what to fix first
        }

        if (!currency.Fits(value))
        {
            return currency.PriceDecimals == 0
                ? $"'price' in {currency.Code} must be a whole amount, without decimals."
                : $"'price' in {currency.Code} must be a multiple of {Smallest(currency)} (at most {currency.PriceDecimals} decimals).";
        }

        return value > currency.MaxAmount
            ? $"'price' in {currency.Code} must be at most {currency.MaxAmount.ToString(CultureInfo.InvariantCulture)}."
            : null;
    }

    private static string Smallest(Currency currency) =>
        currency.SmallestAmount.ToString("0." + new string('0', currency.PriceDecimals), CultureInfo.InvariantCulture);
}
