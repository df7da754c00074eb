using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace TicketBooking.Search.Lucene;

/// <summary>The words of <see cref="SearchText.Tokenize"/> as a Lucene token stream.</summary>
internal sealed class FoldingTokenizer : Tokenizer
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
