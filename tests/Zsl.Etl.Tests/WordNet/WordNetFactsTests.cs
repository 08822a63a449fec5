using Dapper;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Etl.Tests.WordNet;

/// <summary>Facts of WordNet 3.0 checked on the database the real loader builds from Debian's wordnet-base.</summary>
public class WordNetFactsTests
{
    private static T Scalar<T>(string sql, object? args = null)
    {
        using var db = Database.OpenReadOnly(WordNetDatabase.Path);
        return db.ExecuteScalar<T>(sql, args)!;
    }

    [Fact]
    public void Synset_counts_match_WordNet_3_0()
    {
        using var db = Database.OpenReadOnly(WordNetDatabase.Path);
        var byPos = db.Query<(string Pos, long Count)>("SELECT pos, count(*) FROM synsets GROUP BY pos").ToDictionary(r => r.Pos, r => r.Count);
        Assert.Equal(117_659, byPos.Values.Sum());
        Assert.Equal(82_115, byPos["n"]);
        Assert.Equal(13_767, byPos["v"]);
        Assert.Equal(18_156, byPos["a"] + byPos["s"]);
        Assert.Equal(3_621, byPos["r"]);
    }

    [Fact]
    public void There_is_one_lemma_row_per_word_of_a_synset() => Assert.Equal(206_978, Scalar<long>("SELECT count(*) FROM lemmas"));

    [Fact]
    public void Noun_hypernym_edges_count_instance_hypernyms()
    {
        Assert.Equal(84_427, Scalar<long>("SELECT count(*) FROM hypernym_edges h JOIN synsets s ON s.wnid = h.child WHERE s.pos = 'n'"));
        Assert.Equal(8_577, Scalar<long>("SELECT count(*) FROM hypernym_edges WHERE is_instance AND child LIKE 'n%'"));
    }

    [Fact]
    public void Dog_is_n02084071_with_canine_and_domestic_animal_as_hypernyms()
    {
        using var db = Database.OpenReadOnly(WordNetDatabase.Path);
        var lemmas = db.Query<string>("SELECT lemma FROM lemmas WHERE wnid = 'n02084071' ORDER BY word_number");
        Assert.Equal(["dog", "domestic dog", "Canis familiaris"], lemmas);
        var parents = db.Query<string>("SELECT parent FROM hypernym_edges WHERE child = 'n02084071' ORDER BY parent");
        Assert.Equal(["n01317541", "n02083346"], parents);
        Assert.Equal("noun.animal", Scalar<string>("SELECT lexname FROM synsets WHERE wnid = 'n02084071'"));
        Assert.Equal("[\"the dog barked all night\"]", Scalar<string>("SELECT examples FROM synsets WHERE wnid = 'n02084071'"));
        Assert.StartsWith("a member of the genus Canis", Scalar<string>("SELECT definition FROM synsets WHERE wnid = 'n02084071'"));
        Assert.Equal("canine", Scalar<string>("SELECT lemma FROM lemmas WHERE wnid = 'n02083346' AND word_number = 1"));
    }

    [Fact]
    public void Sense_keys_ranks_and_tag_counts_follow_senseidx_and_cntlist()
    {
        using var db = Database.OpenReadOnly(WordNetDatabase.Path);
        var dog = db.QuerySingle<(string Key, long Rank, long Tags)>("SELECT sense_key, sense_rank, tag_count FROM lemmas WHERE wnid = 'n02084071' AND word_number = 1");
        Assert.Equal(("dog%1:05:00::", 1L, 42L), dog);
        // an adjective satellite names its head word and head id; cntlist.rev gives 'cardinal%5:00:00:important:00 1 3'... as tag count
        var satellite = db.QuerySingle<(string Key, long Tags)>("SELECT sense_key, tag_count FROM lemmas WHERE sense_key = 'cardinal%5:00:00:important:00'");
        Assert.Equal(3, satellite.Tags);
        // sense keys are lower case, so the 29 synsets that list a word twice in two cases ('A' and 'a',
        // 'Doomsday' and 'doomsday') share a key between those two words; every other key is unique
        Assert.Equal(29, Scalar<long>("SELECT count(*) - count(DISTINCT sense_key) FROM lemmas"));
        Assert.Equal(0, Scalar<long>(@"SELECT count(*) FROM (SELECT sense_key FROM lemmas GROUP BY sense_key
            HAVING count(*) > 1 AND (count(DISTINCT wnid) > 1 OR count(DISTINCT lower(lemma)) > 1 OR count(DISTINCT lemma) = 1))"));
        // every lemma has a rank from the index files
        Assert.Equal(0, Scalar<long>("SELECT count(*) FROM lemmas WHERE sense_rank IS NULL"));
        // the 7 noun senses of 'dog' in index order
        Assert.Equal(7, Scalar<long>("SELECT count(*) FROM wordnet_index WHERE lemma = 'dog' AND pos = 'n'"));
    }

    [Fact]
    public void Adjective_markers_verb_frames_and_exceptions_are_loaded()
    {
        Assert.Equal("p", Scalar<string>("SELECT marker FROM lemmas WHERE wnid = 'a00019731' AND lemma = 'ready to hand'"));
        Assert.Equal("s", Scalar<string>("SELECT pos FROM synsets WHERE wnid = 'a00019731'"));
        using var db = Database.OpenReadOnly(WordNetDatabase.Path);
        var frames = db.Query<(long Frame, long Word)>("SELECT frame_number, word_number FROM verb_frames WHERE wnid = 'v00001740' ORDER BY frame_number");
        Assert.Equal([(2L, 0L), (8L, 0L)], frames);
        Assert.Equal("goose", Scalar<string>("SELECT base FROM morphological_exceptions WHERE pos = 'n' AND inflected = 'geese'"));
        Assert.Equal(45, Scalar<long>("SELECT count(*) FROM lexnames"));
    }

    [Fact]
    public void Every_pointer_names_an_existing_synset_and_has_a_relation_name()
    {
        Assert.Equal(0, Scalar<long>("SELECT count(*) FROM pointers p LEFT JOIN synsets s ON s.wnid = p.target_wnid WHERE s.wnid IS NULL"));
        Assert.Equal(0, Scalar<long>("SELECT count(*) FROM pointers WHERE relation IS NULL OR relation = ''"));
        Assert.Equal(377_592, Scalar<long>("SELECT count(*) FROM pointers"));
    }
}
