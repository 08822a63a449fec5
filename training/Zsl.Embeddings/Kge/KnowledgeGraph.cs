namespace Zsl.Embeddings.Kge;

/// <summary>A fact by index. Relations <c>r &gt;= RelationCount</c> of a graph are the reciprocals <c>r - RelationCount</c>.</summary>
public readonly record struct Triple(int Head, int Relation, int Tail);

/// <summary>
/// A knowledge graph split into train/valid/test, with dense entity and relation indices (ordinal order of names,
/// so indices do not depend on file order). Every relation r has a reciprocal r + RelationCount: training and
/// evaluation then only ever predict tails ((t, r⁻¹, ?) is head prediction for (?, r, t)).
/// </summary>
public sealed class KnowledgeGraph
{
    public IReadOnlyList<string> Entities { get; }
    public IReadOnlyList<string> Relations { get; }
    public Triple[] Train { get; }
    public Triple[] Valid { get; }
    public Triple[] Test { get; }
    public int EntityCount => Entities.Count;
    public int RelationCount => Relations.Count;

    private readonly Dictionary<string, int> _entityIndex;
    private Dictionary<(int, int), int[]>? _known;
    private Dictionary<(int, int), int[]>? _trainKnown;

    public KnowledgeGraph(IEnumerable<NamedTriple> train, IEnumerable<NamedTriple> valid, IEnumerable<NamedTriple> test)
    {
        var trainList = train.ToList();
        var validList = valid.ToList();
        var testList = test.ToList();
        var all = trainList.Concat(validList).Concat(testList).ToList();
        Entities = all.SelectMany(t => new[] { t.Head, t.Tail }).Distinct().Order(StringComparer.Ordinal).ToArray();
        Relations = all.Select(t => t.Relation).Distinct().Order(StringComparer.Ordinal).ToArray();
        _entityIndex = Entities.Select((e, i) => (e, i)).ToDictionary(p => p.e, p => p.i, StringComparer.Ordinal);
        var relationIndex = Relations.Select((r, i) => (r, i)).ToDictionary(p => p.r, p => p.i, StringComparer.Ordinal);
        Triple Index(NamedTriple t) => new(_entityIndex[t.Head], relationIndex[t.Relation], _entityIndex[t.Tail]);
        Train = trainList.Select(Index).Distinct().ToArray();
        Valid = validList.Select(Index).ToArray();
        Test = testList.Select(Index).ToArray();
        if (Train.Length == 0) throw new ArgumentException("the training split has no triples");
    }

    /// <summary>Splits one list of triples into train/valid/test at random (seeded) with the given held-out fractions.</summary>
    public static KnowledgeGraph Split(IReadOnlyList<NamedTriple> triples, double validFraction, double testFraction, int seed)
    {
        var order = Enumerable.Range(0, triples.Count).ToArray();
        new Random(seed).Shuffle(order);
        var validCount = (int)Math.Round(triples.Count * validFraction);
        var testCount = (int)Math.Round(triples.Count * testFraction);
        var valid = order.Take(validCount).Select(i => triples[i]);
        var test = order.Skip(validCount).Take(testCount).Select(i => triples[i]);
        var train = order.Skip(validCount + testCount).Order().Select(i => triples[i]);
        return new KnowledgeGraph(train, valid, test);
    }

    public int IndexOf(string entity) => _entityIndex[entity];

    /// <summary>The triple and its reciprocal: (h, r, t) and (t, r + R, h).</summary>
    public IEnumerable<Triple> WithReciprocals(IEnumerable<Triple> triples)
    {
        foreach (var t in triples)
        {
            yield return t;
            yield return new Triple(t.Tail, t.Relation + RelationCount, t.Head);
        }
    }

    /// <summary>Every true tail of (head, relation) over train, valid and test (with reciprocals): the filter of the filtered protocol.</summary>
    public IReadOnlyDictionary<(int Head, int Relation), int[]> KnownTails => _known ??= Group(WithReciprocals(Train.Concat(Valid).Concat(Test)));

    /// <summary>The true tails of (head, relation) in the training split (with reciprocals): 1-N training targets.</summary>
    public IReadOnlyDictionary<(int Head, int Relation), int[]> TrainTails => _trainKnown ??= Group(WithReciprocals(Train));

    private static Dictionary<(int, int), int[]> Group(IEnumerable<Triple> triples) =>
        triples.GroupBy(t => (t.Head, t.Relation)).ToDictionary(g => g.Key, g => g.Select(t => t.Tail).Distinct().Order().ToArray());
}
