using Lucene.Net.Analysis;

namespace TicketBooking.Search.Lucene;

/// <summary>Tokenizes with <see cref="SearchText.Tokenize"/>, the same words the queries and the Azure analyzer use.</summary>
internal sealed class FoldingAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) => new(new FoldingTokenizer(reader));
}
