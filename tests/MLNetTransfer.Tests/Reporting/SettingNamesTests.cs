using MLNetTransfer.Reporting;

namespace MLNetTransfer.Tests.Reporting;

public class SettingNamesTests
{
    [Theory]
    [InlineData("learningRate", "Learning rate")]
    [InlineData("backboneSha256", "Backbone SHA-256")]
    [InlineData("jpegDecoder", "JPEG decoder")]
    [InlineData("cacheDir", "Cache folder")]
    [InlineData("earlyStoppingPatience", "Early stopping patience")]
    [InlineData("learning rate", "Learning rate")]
    [InlineData("JPEGDecoder", "JPEG decoder")]
    [InlineData("seed", "Seed")]
    public void Settings_read_as_words(string key, string words) => SettingNames.Words(key).Should().Be(words);

    [Theory]
    [InlineData("featurizeSeconds", "Featurize time")]
    [InlineData("trainHeadSeconds", "Train head time")]
    [InlineData("totalSeconds", "Total time")]
    [InlineData("train head", "Train head time")]
    public void Timings_read_as_words(string key, string words) => SettingNames.Timing(key).Should().Be(words);

    [Theory]
    [InlineData("/data/flowers-dev/train", "flowers-dev")]
    [InlineData("/data/flowers-dev/val/", "flowers-dev")]
    [InlineData("/data/pets", "pets")]
    [InlineData("/data/Training", "data")]
    public void The_dataset_is_named_after_its_folder_not_its_split(string folder, string name) => DatasetName.Of(folder).Should().Be(name);
}
