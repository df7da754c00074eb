using System.Collections.Concurrent;
using Lucene.Net.Util.Automaton;

namespace TicketBooking.Search.Lucene;

/// <summary>
/// The longer words that begin with a word, and (from <see cref="SearchText.MinFuzzyLength"/> letters) the other words one
/// typo away (Damerau-Levenshtein: insert, delete, substitute, or swap two neighbours). Built once per word and shared by
/// every field and segment.
/// </summary>
internal sealed record TermAutomata(CompiledAutomaton LongerWords, CompiledAutomaton? OneTypo)
{
    private const int CacheSize = 20_000;
    private static readonly ConcurrentDictionary<string, TermAutomata> Cache = new(StringComparer.Ordinal);

    public static TermAutomata Of(string term)
    {
        if (Cache.Count > CacheSize)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd(term, static t =>
        {
            var word = BasicAutomata.MakeString(t);
            var startsWithWord = BasicOperations.Concatenate(word, BasicAutomata.MakeAnyString());
            var longer = BasicOperations.Concatenate([word, BasicAutomata.MakeAnyChar(), BasicAutomata.MakeAnyString()]);
            var oneTypo = t.Length >= SearchText.MinFuzzyLength
                ? new CompiledAutomaton(BasicOperations.Minus(new LevenshteinAutomata(t, withTranspositions: true).ToAutomaton(1), startsWithWord))
                : null;
            return new TermAutomata(new CompiledAutomaton(longer), oneTypo);
        });
    }
}
