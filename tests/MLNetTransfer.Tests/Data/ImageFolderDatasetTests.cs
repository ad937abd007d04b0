using Microsoft.ML;
using MLNetTransfer.Data;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Tests.Vision;
using MLNetTransfer.Vision;
using SkiaSharp;

namespace MLNetTransfer.Tests.Data;

public class ImageFolderDatasetTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    [Fact]
    public void Lists_images_per_class_and_reports_what_it_ignores()
    {
        using var dir = new TempDir();
        Write(dir.Combine("cats", "a.jpg"));
        Write(dir.Combine("cats", "nested", "b.PNG"));
        Write(dir.Combine("dogs", "c.jpeg"));
        File.WriteAllText(dir.Combine("dogs", "notes.txt"), "x");
        File.WriteAllText(dir.Combine("dogs", ".DS_Store"), "x");
        Write(dir.Combine(".hidden", "d.jpg"));
        File.WriteAllText(dir.Combine("stray.jpg"), "x");
        Directory.CreateDirectory(dir.Combine("empty"));

        var data = ImageFolderDataset.Scan(dir.Path);

        data.Classes.Should().Equal("cats", "dogs", "empty");
        data.Images.Select(i => (Path.GetFileName(i.ImagePath), i.Label)).Should()
            .Equal(("a.jpg", "cats"), ("b.PNG", "cats"), ("c.jpeg", "dogs"));
        data.Ignored.Should().Contain(s => s.Name.EndsWith("notes.txt") && s.Reason.Contains("not an image"));
        data.Ignored.Should().Contain(s => s.Name.EndsWith("stray.jpg") && s.Reason.Contains("belongs to no class"));
        data.Ignored.Should().Contain(s => s.Name.EndsWith("empty") && s.Reason.Contains("holds no image"));
        data.Ignored.Should().NotContain(s => s.Name.Contains(".DS_Store") || s.Name.Contains(".hidden"));
    }

    [Fact]
    public void Symbolic_link_loops_end_and_broken_links_are_reported()
    {
        using var dir = new TempDir();
        Write(dir.Combine("cats", "a.jpg"));
        Directory.CreateSymbolicLink(dir.Combine("cats", "loop"), dir.Combine("cats"));
        File.CreateSymbolicLink(dir.Combine("cats", "gone.jpg"), dir.Combine("nowhere.jpg"));
        Write(dir.Combine("elsewhere", "real.jpg"));
        File.CreateSymbolicLink(dir.Combine("cats", "linked.jpg"), dir.Combine("elsewhere", "real.jpg"));

        var data = ImageFolderDataset.Scan(dir.Path);

        data.Images.Where(i => i.Label == "cats").Select(i => Path.GetFileName(i.ImagePath)).Should().Equal("a.jpg", "linked.jpg");
        data.Ignored.Should().Contain(s => s.Name.EndsWith("loop") && s.Reason.Contains("already listed"));
        data.Ignored.Should().Contain(s => s.Name.EndsWith("gone.jpg") && s.Reason.Contains("broken symbolic link"));
    }

    [Fact]
    public void Non_ascii_and_space_names_train_end_to_end()
    {
        using var dir = new TempDir();
        var folder = dir.Combine("données d'été");
        foreach (var (from, to) in new[] { ("red", "rouge vif ✿"), ("green", "vert 緑") })
        {
            var target = Directory.CreateDirectory(Path.Combine(folder, to)).FullName;
            var i = 0;
            foreach (var file in Directory.GetFiles(Path.Combine(fixture.TrainFolder, from)).Order().Take(6))
                File.Copy(file, Path.Combine(target, $"photo n°{i++} é.jpg"));
        }
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml, folder);
        var options = fixture.Options();
        options.Epoch = 5;

        var result = new ImageClassificationTrainer(ml, options).Train(train);

        result.ClassNames.Should().Equal("rouge vif ✿", "vert 緑");
        result.SkippedImages.Should().BeEmpty();
        (result.TrainFeaturize.Computed + result.TrainFeaturize.FromCache).Should().Be(12);
    }

    [Fact]
    public void A_folder_without_class_sub_folders_says_how_to_lay_it_out()
    {
        using var dir = new TempDir();
        Write(dir.Combine("a.jpg"));

        var act = () => ImageFolderDataset.Scan(dir.Path);

        act.Should().Throw<InvalidDataException>().WithMessage("*no class sub-folders*folder named after the class*");
    }

    private static void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, TestImages.Solid(8, 8, SKColors.Red));
    }
}
