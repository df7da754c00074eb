using System.Buffers;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace TicketBooking.Search.Lucene;

/// <summary>
/// Pooled per-document arrays of one search in one segment: the candidates (documents that matched every word so far)
/// with their scores, and the current word's best match per document with the documents it touched.
/// </summary>
internal sealed class WordScores : IDisposable
{
    /// <summary>Per-document work arrays of concurrent searches (a shared pool keeps too few arrays of this size per core).</summary>
    private static readonly ArrayPool<int> Pool = ArrayPool<int>.Create(maxArrayLength: 16 * 1024 * 1024, maxArraysPerBucket: 256);

    private readonly int[] _best;
    private readonly int[] _touched;
    private int _touchedCount;

    private WordScores(int maxDoc)
    {
        _best = Pool.Rent(maxDoc);
        Array.Clear(_best, 0, maxDoc);
        _touched = Pool.Rent(maxDoc);
        Candidates = Pool.Rent(maxDoc);
        Scores = Pool.Rent(maxDoc);
    }

    /// <summary>The documents that matched every word so far: <c>Candidates[0..Count)</c>.</summary>
    public int[] Candidates { get; }

    public int Count { get; private set; }

    /// <summary>The score of each candidate, by document.</summary>
    public int[] Scores { get; }

    /// <summary>
    /// The documents of a segment that match every word, each with the sum over the words of the word's best weighted match
    /// (<see cref="SearchRanking"/>). Only the documents a word touches are visited, never the whole segment.
    /// </summary>
    public static WordScores Of(AtomicReader reader, IReadOnlyList<string> terms)
    {
        var scored = new WordScores(reader.MaxDoc);
        for (var t = 0; t < terms.Count; t++)
        {
            var term = terms[t];
            var automata = TermAutomata.Of(term);
            foreach (var (field, weight) in SearchRanking.Fields)
            {
                var fieldTerms = reader.GetTerms(field);
                if (fieldTerms is null)
                {
                    continue;
                }

                var exact = fieldTerms.GetEnumerator();
                if (exact.SeekExact(new BytesRef(term)))
                {
                    scored.Mark(exact, weight * SearchRanking.ExactWeight, all: false);
                }

                scored.Mark(automata.LongerWords.GetTermsEnum(fieldTerms), weight * SearchRanking.PrefixWeight, all: true);
                if (automata.OneTypo is { } oneTypo)
                {
                    scored.Mark(oneTypo.GetTermsEnum(fieldTerms), weight * SearchRanking.FuzzyWeight, all: true);
                }
            }

            scored.EndWord(first: t == 0);
            if (scored.Count == 0)
            {
                break;
            }
        }

        return scored;
    }

    /// <summary>Raises the current word's match of every document of the enumerator's (current or every) dictionary word to <paramref name="value"/>.</summary>
    private void Mark(TermsEnum words, int value, bool all)
    {
        DocsEnum? docs = null;
        while (!all || words.MoveNext())
        {
            docs = words.Docs(null, docs, DocsFlags.NONE);
            int doc;
            while ((doc = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
            {
                if (_best[doc] == 0)
                {
                    _touched[_touchedCount++] = doc;
                }

                if (_best[doc] < value)
                {
                    _best[doc] = value;
                }
            }

            if (!all)
            {
                return;
            }
        }
    }

    /// <summary>Keeps the candidates the current word matched, adds the word's score, and clears the word.</summary>
    private void EndWord(bool first)
    {
        if (first)
        {
            for (var i = 0; i < _touchedCount; i++)
            {
                var doc = _touched[i];
                Candidates[i] = doc;
                Scores[doc] = _best[doc];
            }

            Count = _touchedCount;
        }
        else
        {
            var kept = 0;
            for (var i = 0; i < Count; i++)
            {
                var doc = Candidates[i];
                if (_best[doc] > 0)
                {
                    Scores[doc] += _best[doc];
                    Candidates[kept++] = doc;
                }
            }

            Count = kept;
        }

        for (var i = 0; i < _touchedCount; i++)
        {
            _best[_touched[i]] = 0;
        }

        _touchedCount = 0;
    }

    public void Dispose()
    {
        Pool.Return(_best);
        Pool.Return(_touched);
        Pool.Return(Candidates);
        Pool.Return(Scores);
    }
}
