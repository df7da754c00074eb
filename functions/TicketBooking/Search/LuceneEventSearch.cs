using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Lucene.Net.Util.Automaton;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace TicketBooking.Search;

/// <summary>
/// The local search engine: a Lucene.Net index in a folder (<see cref="EventSearchOptions.IndexPath"/>) or in memory.
/// Searches use a near-real-time reader from a <see cref="SearcherManager"/> that is refreshed after every write, so
/// a change is searchable as soon as the write returns. Writes are serialized; searches never wait for them.
/// <para>
/// A search reads the index directly rather than through Lucene's query scorers: per word it walks the postings of the
/// exact word, of the longer words that begin with it and of the words one typo away (found in the term dictionary with
/// automata), keeping each document's best weighted match; then one pass over the segment's columns (start time, local
/// day, city, category, id) filters, counts facets and keeps the best page. That is several times faster than the
/// equivalent <c>DisjunctionMaxQuery</c> of constant-score clauses, and gives exactly the ranking of docs/search.md.
/// </para>
/// </summary>
public sealed class LuceneEventSearch : IEventSearch, IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    // Field names: the id (a term for updates, a doc value for ordering), the text fields of SearchRanking (analyzed by
    // SearchText's tokenizer), doc values read as columns, and the stored entry returned as the result.
    private const string IdField = "eventId";
    private const string CityField = "city";
    private const string CategoryField = "category";
    private const string StartsAtField = "startsAt";
    private const string LocalDateField = "localDate";
    private const string AvailableField = "available";
    private const string EntryField = "entry";

    private static readonly JsonSerializerOptions EntryJson = new(JsonSerializerDefaults.Web);

    /// <summary>Per-document work arrays of concurrent searches (a shared pool keeps too few arrays of this size per core).</summary>
    private static readonly ArrayPool<int> Pool = ArrayPool<int>.Create(maxArrayLength: 16 * 1024 * 1024, maxArraysPerBucket: 256);

    private readonly LuceneDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly bool _durable;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private static readonly ConcurrentDictionary<string, TermAutomata> Automata = new(StringComparer.Ordinal);

    private const int ResultCacheSize = 10_000;
    private readonly ConcurrentDictionary<string, (IndexReader Reader, EventSearchResult Result)> _results = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether answers are reused for an equal search on the same reader (a query result cache, as Solr keeps one per
    /// searcher). Every write opens a new reader, so a cached answer is never stale. On by default.
    /// </summary>
    public bool ResultCacheEnabled { get; set; } = true;

    /// <summary>An index in <paramref name="indexPath"/> (kept across restarts), or in memory when it is null or empty.</summary>
    public LuceneEventSearch(string? indexPath = null)
    {
        _durable = !string.IsNullOrWhiteSpace(indexPath);
        if (_durable)
        {
            System.IO.Directory.CreateDirectory(indexPath!);
        }

        _directory = _durable ? FSDirectory.Open(indexPath!) : new RAMDirectory();
        _writer = new IndexWriter(_directory, new IndexWriterConfig(Version, new FoldingAnalyzer())
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            RAMBufferSizeMB = 64,
        });
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new SearcherFactory());
    }

    public Task EnsureIndexAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task UpsertAsync(IReadOnlyCollection<EventSearchEntry> entries, CancellationToken cancellationToken = default) =>
        WriteAsync(() =>
        {
            foreach (var entry in entries)
            {
                _writer.UpdateDocument(new Term(IdField, entry.EventId), ToDocument(entry));
            }
        }, cancellationToken);

    public Task DeleteAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default) =>
        WriteAsync(() => _writer.DeleteDocuments(eventIds.Select(id => new Term(IdField, id)).ToArray()), cancellationToken);

    public Task SetAvailabilityAsync(IReadOnlyCollection<EventAvailability> counts, CancellationToken cancellationToken = default) =>
        WriteAsync(() =>
        {
            var searcher = _searchers.Acquire();
            try
            {
                foreach (var count in counts)
                {
                    // Updating doc values of a missing document would be a no-op; skipping saves the work.
                    if (searcher.IndexReader.DocFreq(new Term(IdField, count.EventId)) > 0)
                    {
                        _writer.UpdateNumericDocValue(new Term(IdField, count.EventId), AvailableField, count.Available);
                    }
                }
            }
            finally
            {
                _searchers.Release(searcher);
            }
        }, cancellationToken);

    public async Task<RebuildResult> RebuildAsync(IAsyncEnumerable<EventSearchEntry> entries, CancellationToken cancellationToken = default)
    {
        var started = TimeProvider.System.GetTimestamp();
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var before = CurrentIds();
            var indexed = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                // Searchers keep the last refreshed reader until the new content is complete and refreshed at the end.
                _writer.DeleteAll();
                await foreach (var entry in entries.WithCancellation(cancellationToken))
                {
                    _writer.UpdateDocument(new Term(IdField, entry.EventId), ToDocument(entry));
                    indexed.Add(entry.EventId);
                }
            }
            catch
            {
                _writer.Rollback();
                throw;
            }

            CommitAndRefresh();
            return new RebuildResult(indexed.Count, before.Count(id => !indexed.Contains(id)), TimeProvider.System.GetElapsedTime(started));
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task<EventSearchResult> SearchAsync(EventSearchQuery query, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var searcher = _searchers.Acquire();
        try
        {
            if (!ResultCacheEnabled)
            {
                return Task.FromResult(Search(searcher, query));
            }

            // Results are cached for the reader they were computed on; any write refreshes the reader and so retires them.
            var key = CacheKey(query);
            if (_results.TryGetValue(key, out var cached) && ReferenceEquals(cached.Reader, searcher.IndexReader))
            {
                return Task.FromResult(cached.Result);
            }

            var result = Search(searcher, query);
            if (_results.Count >= ResultCacheSize)
            {
                _results.Clear();
            }

            _results[key] = (searcher.IndexReader, result);
            return Task.FromResult(result);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
        _writeGate.Dispose();
    }

    /// <summary>Equal searches have equal keys: the folded words and keys, the day range, the start bound and the page.</summary>
    private static string CacheKey(EventSearchQuery query)
    {
        var (first, last) = query.DayRange;
        return string.Join('|', string.Join(' ', query.Terms), query.CityKey, query.CategoryKey, first, last,
            query.StartsNoEarlierThan?.UtcTicks, query.Skip, query.PageSize);
    }

    private static EventSearchResult Search(IndexSearcher searcher, EventSearchQuery query)
    {
        var terms = query.Terms;
        var top = new TopHits(query.Skip + query.PageSize);
        var cities = new Dictionary<string, int>(StringComparer.Ordinal);
        var categories = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0L;
        var from = query.StartsNoEarlierThan?.ToUnixTimeMilliseconds() ?? long.MinValue;
        var (firstDay, lastDay) = query.DayRange;
        var first = firstDay ?? int.MinValue;
        var last = lastDay ?? int.MaxValue;

        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var reader = leaf.AtomicReader;
            var columns = SegmentColumns.Of(reader);
            var cityOk = Allowed(columns.CityKeys, query.CityKey);
            var categoryOk = Allowed(columns.CategoryKeys, query.CategoryKey);
            if (cityOk is { Length: 0 } || categoryOk is { Length: 0 })
            {
                continue;
            }

            var maxDoc = reader.MaxDoc;
            var scored = terms.Count == 0 ? null : ScoreWords(reader, terms);
            try
            {
                if (scored is { Count: 0 })
                {
                    continue;
                }

                var live = reader.LiveDocs;
                var cityCounts = new int[columns.CityValues.Length];
                var categoryCounts = new int[columns.CategoryValues.Length];
                // Which documents to look at: those that matched every word, else those of the wanted city, else all.
                var (docs, count) = scored is not null ? (scored.Candidates, scored.Count)
                    : cityOk is not null ? columns.DocsOf(cityOk)
                    : (null, maxDoc);
                for (var i = 0; i < count; i++)
                {
                    var doc = docs is null ? i : docs[i];
                    if (columns.StartsAt[doc] < from
                        || columns.LocalDate[doc] < first
                        || columns.LocalDate[doc] > last
                        || (live is not null && !live.Get(doc)))
                    {
                        continue;
                    }

                    var city = columns.CityOrds[doc];
                    var category = columns.CategoryOrds[doc];
                    if ((cityOk is not null && (city < 0 || !cityOk[city])) || (categoryOk is not null && (category < 0 || !categoryOk[category])))
                    {
                        continue;
                    }

                    total++;
                    if (city >= 0)
                    {
                        cityCounts[city]++;
                    }

                    if (category >= 0)
                    {
                        categoryCounts[category]++;
                    }

                    top.Offer(new Hit(scored?.Scores[doc] ?? 0, columns.StartsAt[doc], columns.Ids[doc], leaf.DocBase + doc));
                }

                Fold(columns.CityValues, cityCounts, cities);
                Fold(columns.CategoryValues, categoryCounts, categories);
            }
            finally
            {
                scored?.Dispose();
            }
        }

        var leaves = searcher.IndexReader.Leaves;
        var items = top.Best().Skip(query.Skip).Take(query.PageSize).Select(hit =>
        {
            var leaf = leaves[ReaderUtil.SubIndex(hit.Doc, leaves)];
            var doc = hit.Doc - leaf.DocBase;
            var entry = SegmentColumns.Of(leaf.AtomicReader).Entry(leaf.AtomicReader, doc);
            var available = leaf.AtomicReader.GetNumericDocValues(AvailableField)?.Get(doc) ?? entry.Available;
            return entry.ToItem() with { Available = (int)available };
        }).ToArray();

        return new EventSearchResult(items, total, new SearchFacets(
            SearchFacets.Order(cities.Select(c => new FacetCount(c.Key, c.Value))),
            SearchFacets.Order(categories.Select(c => new FacetCount(c.Key, c.Value)))));
    }

    /// <summary>Per facet ordinal of a segment, whether its folded value is <paramref name="key"/>; null for no filter, empty when none is.</summary>
    private static bool[]? Allowed(string[] keys, string? key)
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

    private static void Fold(string[] values, int[] counts, Dictionary<string, int> into)
    {
        for (var ord = 0; ord < counts.Length; ord++)
        {
            if (counts[ord] > 0)
            {
                into[values[ord]] = into.GetValueOrDefault(values[ord]) + counts[ord];
            }
        }
    }

    /// <summary>
    /// The documents of a segment that match every word, each with the sum over the words of the word's best weighted match
    /// (<see cref="SearchRanking"/>). Only the documents a word touches are visited, never the whole segment.
    /// </summary>
    private static WordScores ScoreWords(AtomicReader reader, IReadOnlyList<string> terms)
    {
        var scored = new WordScores(reader.MaxDoc);
        for (var t = 0; t < terms.Count; t++)
        {
            var term = terms[t];
            var automata = AutomataOf(term);
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

    /// <summary>
    /// The longer words that begin with <paramref name="term"/>, and (from <see cref="SearchText.MinFuzzyLength"/> letters) the
    /// other words one typo away (Damerau-Levenshtein: insert, delete, substitute, or swap two neighbours). Built once per
    /// word and shared by every field and segment.
    /// </summary>
    private static TermAutomata AutomataOf(string term)
    {
        if (Automata.Count > 20_000)
        {
            Automata.Clear();
        }

        return Automata.GetOrAdd(term, static t =>
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

    private sealed record TermAutomata(CompiledAutomaton LongerWords, CompiledAutomaton? OneTypo);

    /// <summary>
    /// Pooled per-document arrays of one search in one segment: the candidates (documents that matched every word so far)
    /// with their scores, and the current word's best match per document with the documents it touched.
    /// </summary>
    private sealed class WordScores : IDisposable
    {
        private readonly int[] _best;
        private readonly int[] _touched;
        private int _touchedCount;

        public WordScores(int maxDoc)
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

        /// <summary>Raises the current word's match of every document of the enumerator's (current or every) dictionary word to <paramref name="value"/>.</summary>
        public void Mark(TermsEnum words, int value, bool all)
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
        public void EndWord(bool first)
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

    private static Document ToDocument(EventSearchEntry entry)
    {
        var document = new Document
        {
            new StringField(IdField, entry.EventId, Field.Store.NO),
            new SortedDocValuesField(IdField, new BytesRef(entry.EventId)),
            new SortedDocValuesField(CityField, new BytesRef(entry.City)),
            new SortedDocValuesField(CategoryField, new BytesRef(entry.Category)),
            new NumericDocValuesField(StartsAtField, entry.StartsAt.ToUnixTimeMilliseconds()),
            new NumericDocValuesField(LocalDateField, EventSearchQuery.DayNumber(entry.StartsAt)),
            new NumericDocValuesField(AvailableField, entry.Available),
            new StoredField(EntryField, JsonSerializer.SerializeToUtf8Bytes(entry, EntryJson)),
        };
        foreach (var (field, _) in SearchRanking.Fields)
        {
            document.Add(new TextField(field, entry.TextOf(field), Field.Store.NO));
        }

        return document;
    }

    private async Task WriteAsync(Action write, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            write();
            CommitAndRefresh();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void CommitAndRefresh()
    {
        if (_durable)
        {
            _writer.Commit();
        }

        _searchers.MaybeRefreshBlocking();
    }

    private HashSet<string> CurrentIds()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var searcher = _searchers.Acquire();
        try
        {
            var terms = MultiFields.GetTerms(searcher.IndexReader, IdField);
            var liveDocs = MultiFields.GetLiveDocs(searcher.IndexReader);
            if (terms is null)
            {
                return ids;
            }

            var iterator = terms.GetEnumerator();
            DocsEnum? docs = null;
            while (iterator.MoveNext())
            {
                docs = iterator.Docs(liveDocs, docs, DocsFlags.NONE);
                if (docs.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
                {
                    ids.Add(iterator.Term.Utf8ToString());
                }
            }

            return ids;
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>
    /// The columns a search reads for every match, per segment: start time, local day, id and facet values. Segments never
    /// change (only their deletions and the available counts do), so this is built once per segment and shared by all searches.
    /// </summary>
    private sealed class SegmentColumns
    {
        private static readonly ConditionalWeakTable<object, SegmentColumns> Cache = new();

        private SegmentColumns(AtomicReader reader)
        {
            var count = reader.MaxDoc;
            StartsAt = new long[count];
            LocalDate = new int[count];
            Ids = new string[count];
            var startsAt = reader.GetNumericDocValues(StartsAtField);
            var localDate = reader.GetNumericDocValues(LocalDateField);
            var ids = reader.GetSortedDocValues(IdField);
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

            (CityOrds, CityValues) = Ordinals(reader.GetSortedDocValues(CityField), count);
            (CategoryOrds, CategoryValues) = Ordinals(reader.GetSortedDocValues(CategoryField), count);
            CityKeys = CityValues.Select(SearchText.Key).ToArray();
            CategoryKeys = CategoryValues.Select(SearchText.Key).ToArray();
        }

        private EventSearchEntry?[]? _entries;
        private int[][]? _docsByCity;

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

        /// <summary>The stored entry of a document, read and parsed once (results are mostly the same few thousand events).</summary>
        public EventSearchEntry Entry(AtomicReader reader, int doc)
        {
            var entries = LazyInitializer.EnsureInitialized(ref _entries, () => new EventSearchEntry?[StartsAt.Length]);
            if (Volatile.Read(ref entries[doc]) is { } known)
            {
                return known;
            }

            var stored = reader.Document(doc).GetBinaryValue(EntryField);
            var entry = JsonSerializer.Deserialize<EventSearchEntry>(stored.Bytes.AsSpan(stored.Offset, stored.Length), EntryJson)!;
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

    private readonly record struct Hit(int Score, long StartsAt, string Id, int Doc);

    /// <summary>The best <c>skip + size</c> hits: by score (when there are words), then start time, then id.</summary>
    private sealed class TopHits(int wanted)
    {
        private readonly PriorityQueue<Hit, Hit> _best = new(Math.Max(1, wanted), WorstFirst.Instance);

        public void Offer(Hit hit)
        {
            if (_best.Count < wanted)
            {
                _best.Enqueue(hit, hit);
            }
            else if (wanted > 0 && WorstFirst.Instance.Compare(hit, _best.Peek()) > 0)
            {
                _best.DequeueEnqueue(hit, hit);
            }
        }

        /// <summary>The hits, best first (empties the queue).</summary>
        public Hit[] Best()
        {
            var all = new Hit[_best.Count];
            for (var i = all.Length - 1; i >= 0; i--)
            {
                all[i] = _best.Dequeue();
            }

            return all;
        }

        /// <summary>Orders hits worst first: lower score, later start, greater id.</summary>
        private sealed class WorstFirst : IComparer<Hit>
        {
            public static readonly WorstFirst Instance = new();

            public int Compare(Hit x, Hit y)
            {
                var byScore = x.Score.CompareTo(y.Score);
                if (byScore != 0)
                {
                    return byScore;
                }

                var byStart = y.StartsAt.CompareTo(x.StartsAt);
                return byStart != 0 ? byStart : string.CompareOrdinal(y.Id, x.Id);
            }
        }
    }

    /// <summary>Tokenizes with <see cref="SearchText.Tokenize"/>, the same words the queries and the Azure analyzer use.</summary>
    private sealed class FoldingAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) => new(new FoldingTokenizer(reader));
    }

    private sealed class FoldingTokenizer : Tokenizer
    {
        private readonly ICharTermAttribute _term;
        private List<string> _tokens = [];
        private int _next;

        public FoldingTokenizer(TextReader input) : base(input) => _term = AddAttribute<ICharTermAttribute>();

        public override bool IncrementToken()
        {
            ClearAttributes();
            if (_next >= _tokens.Count)
            {
                return false;
            }

            _term.SetEmpty().Append(_tokens[_next++]);
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            _tokens = SearchText.Tokenize(m_input.ReadToEnd());
            _next = 0;
        }
    }
}
