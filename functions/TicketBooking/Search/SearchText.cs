using Lucene.Net.Analysis.Miscellaneous;

namespace TicketBooking.Search;

/// <summary>
/// How text becomes search terms, the same for documents and for queries, in both engines: words are runs of
/// letters and digits; they are lower-cased and their accents folded (<c>São</c> is <c>sao</c>, <c>Zürich</c> is
/// <c>zurich</c>). Everything else separates words, so quotes, <c>*</c>, <c>:</c>, <c>~</c>, parentheses and the like
/// never reach a query parser, and <c>AND</c>/<c>OR</c> become the plain words <c>and</c>/<c>or</c>.
/// </summary>
public static class SearchText
{
    /// <summary>At most this many distinct words of a search term are used; the rest are ignored.</summary>
    public const int MaxTerms = 8;

    /// <summary>Words at least this long also match with one typo (insert, delete, substitute or swap two neighbours).</summary>
    public const int MinFuzzyLength = 4;

    /// <summary>The words of <paramref name="text"/>, folded, in order (duplicates kept).</summary>
    public static List<string> Tokenize(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        var folded = Fold(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var isWordChar = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                tokens.Add(folded[start..i]);
                start = -1;
            }
        }

        return tokens;
    }

    /// <summary>The distinct words of a user's search term, at most <see cref="MaxTerms"/>.</summary>
    public static IReadOnlyList<string> Terms(string? searchTerm) =>
        Tokenize(searchTerm).Distinct(StringComparer.Ordinal).Take(MaxTerms).ToArray();

    /// <summary>A whole value (a city, a category) as a filter key: folded, words separated by one space.</summary>
    public static string Key(string? value) => string.Join(' ', Tokenize(value));

    /// <summary>
    /// Lower case without accents, with Lucene's ASCII folding table (the same table Azure AI Search's <c>asciifolding</c>
    /// filter uses): <c>é</c> is <c>e</c>, <c>ß</c> is <c>ss</c>, <c>Æ</c> is <c>ae</c>. Letters without an ASCII form stay.
    /// </summary>
    public static string Fold(string text)
    {
        var lower = text.ToLowerInvariant().ToCharArray();
        var folded = new char[lower.Length * 4];
        var length = ASCIIFoldingFilter.FoldToASCII(lower, 0, folded, 0, lower.Length);
        return new string(folded, 0, length);
    }
}
