using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace TicketBooking.Search.Lucene;

/// <summary>
/// The index's writer and searchers: a folder (committed after every write, kept across restarts) or memory. Searches
/// use a near-real-time reader from a <see cref="SearcherManager"/> that is refreshed after every write, so a change is
/// searchable as soon as the write returns. Writes are serialized; searches never wait for them.
/// </summary>
internal sealed class LuceneIndex : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly LuceneDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly bool _durable;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public LuceneIndex(string? path)
    {
        _durable = !string.IsNullOrWhiteSpace(path);
        if (_durable)
        {
            System.IO.Directory.CreateDirectory(path!);
        }

        _directory = _durable ? FSDirectory.Open(path!) : new RAMDirectory();
        _writer = new IndexWriter(_directory, new IndexWriterConfig(Version, new FoldingAnalyzer())
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            RAMBufferSizeMB = 64,
        });
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new SearcherFactory());
    }

    /// <summary>Runs <paramref name="read"/> on the current searcher.</summary>
    public T Read<T>(Func<IndexSearcher, T> read)
    {
        var searcher = _searchers.Acquire();
        try
        {
            return read(searcher);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>Applies one write alone, then commits (in a folder) and refreshes the searchers.</summary>
    public async Task WriteAsync(Action<IndexWriter> write, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            write(_writer);
            CommitAndRefresh();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Replaces the whole content with what <paramref name="fill"/> writes, in one commit: searchers keep the last refreshed
    /// reader until the new content is complete, and a failure rolls the writer back. Returns the ids live before.
    /// </summary>
    public async Task<HashSet<string>> ReplaceAllAsync(Func<IndexWriter, Task> fill, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var before = Read(LiveIds);
            try
            {
                _writer.DeleteAll();
                await fill(_writer);
            }
            catch
            {
                _writer.Rollback();
                throw;
            }

            CommitAndRefresh();
            return before;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
        _writeGate.Dispose();
    }

    private void CommitAndRefresh()
    {
        if (_durable)
        {
            _writer.Commit();
        }

        _searchers.MaybeRefreshBlocking();
    }

    private static HashSet<string> LiveIds(IndexSearcher searcher)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var terms = MultiFields.GetTerms(searcher.IndexReader, LuceneFields.Id);
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
}
