using System.Text;
using MLNetTransfer.Data;

namespace MLNetTransfer.Tests.Data;

public class ClassNamesTests
{
    private static readonly string CafeNfc = "caf\u00e9";
    private static readonly string CafeNfd = "cafe\u0301";

    [Fact]
    public void Names_differing_only_by_case_or_normalisation_are_warned_about()
    {
        var warnings = ClassNames.LookAlikeWarnings([CafeNfc, CafeNfd, "roses", "Roses", "tulips"]);

        warnings.Should().HaveCount(2);
        warnings.Should().Contain(w => w.Contains("Unicode normalisation") && w.Contains("(NFD)"));
        warnings.Should().Contain(w => w.Contains("'roses'") && w.Contains("'Roses'") && w.Contains("letter case"));
        ClassNames.LookAlikeWarnings(["daisy", "roses"]).Should().BeEmpty();
    }

    [Fact]
    public void A_validation_folder_in_the_other_normalisation_matches_its_training_class()
    {
        CafeNfc.Should().NotBe(CafeNfd);
        CafeNfd.Normalize(NormalizationForm.FormC).Should().Be(CafeNfc);

        ClassNames.Match(CafeNfd, [CafeNfc, "tea"]).Should().Be(CafeNfc);
        ClassNames.Match(CafeNfc, [CafeNfd, "tea"]).Should().Be(CafeNfd);
        ClassNames.Match("juice", [CafeNfc, "tea"]).Should().BeNull();
    }
}
