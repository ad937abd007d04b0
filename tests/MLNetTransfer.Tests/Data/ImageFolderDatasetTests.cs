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

    [Fact]
    public void A_list_file_reads_paths_relative_to_its_own_folder_with_quotes_a_header_and_comments()
    {
        using var dir = new TempDir();
        Write(dir.Combine("images", "a.jpg"));
        Write(dir.Combine("images", "b, with comma.png"));
        Write(dir.Combine("elsewhere", "c.jpg"));
        File.WriteAllText(dir.Combine("images", "notes.txt"), "x");
        var list = dir.Combine("lists", "train.csv");
        Directory.CreateDirectory(dir.Combine("lists"));
        File.WriteAllLines(list, [
            "path,label", "# cats first", "../images/a.jpg,cat", "\"../images/b, with comma.png\", dog", "",
            dir.Combine("elsewhere", "c.jpg") + ",cat", "../images/notes.txt,dog",
        ]);

        var data = ImageFolderDataset.Load(list);

        data.Root.Should().Be(list);
        data.Classes.Should().Equal("cat", "dog");
        data.Images.Select(i => (i.ImagePath, i.Label)).Should().Equal(
            (dir.Combine("images", "a.jpg"), "cat"), (dir.Combine("images", "b, with comma.png"), "dog"), (dir.Combine("elsewhere", "c.jpg"), "cat"));
        data.Ignored.Should().ContainSingle(s => s.Name.EndsWith("notes.txt") && s.Reason.Contains("line 7"));
    }

    [Fact]
    public void A_list_file_names_every_bad_row_by_its_line_number()
    {
        using var dir = new TempDir();
        Write(dir.Combine("a.jpg"));
        var list = dir.Combine("list.csv");
        File.WriteAllLines(list, ["a.jpg,cat", "a.jpg", "missing.jpg,dog", ",dog", "a.jpg,cat,extra", "\"a.jpg,cat"]);

        var act = () => ImageFolderDataset.FromList(list);

        var message = act.Should().Throw<InvalidDataException>().Which.Message;
        message.Should().Contain(list).And.Contain("5 bad rows");
        message.Should().Contain("line 2: expected 2 fields").And.Contain($"line 3: image '{dir.Combine("missing.jpg")}' does not exist")
            .And.Contain("line 4: the path is empty").And.Contain("line 5: expected 2 fields").And.Contain("line 6: a quote");
        message.Should().NotContain("line 1:");
    }

    private static void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, TestImages.Solid(8, 8, SKColors.Red));
    }
}
