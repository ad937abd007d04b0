using Microsoft.ML;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Vision;

public class TrainingDataChecksTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    [Fact]
    public void One_class_only_is_refused_with_what_to_do()
    {
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, "data");
        CopyClass("red", folder, count: 5);

        var act = () => Train(folder);

        act.Should().Throw<InvalidDataException>().WithMessage("*at least 2 classes*only class 'red'*");
    }

    [Fact]
    public void A_class_whose_images_are_all_bad_and_a_single_image_class_are_warned_about()
    {
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, "data");
        CopyClass("red", folder, count: 6);
        CopyClass("green", folder, count: 1);
        Directory.CreateDirectory(Path.Combine(folder, "blue"));
        File.WriteAllText(Path.Combine(folder, "blue", "b.jpg"), "text");

        var result = Train(folder);

        result.Warnings.Should().Contain(w => w.Contains("No usable training image for class 'blue'"));
        result.Warnings.Should().Contain(w => w.Contains("Only one training image for class 'green'"));
        result.Warnings.Should().Contain(w => w.Contains("imbalanced") && w.Contains("BalanceClasses"));
        result.SkippedImages.Should().ContainSingle(s => s.Name.EndsWith("b.jpg"));
    }

    [Fact]
    public void Balanced_weights_silence_the_imbalance_warning()
    {
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, "data");
        CopyClass("red", folder, count: 9);
        CopyClass("green", folder, count: 2);

        Train(folder).Warnings.Should().Contain(w => w.Contains("imbalanced"));
        Train(folder, balance: true).Warnings.Should().NotContain(w => w.Contains("imbalanced"));
    }

    [Fact]
    public void The_same_image_in_two_classes_and_validation_copies_of_training_images_are_named()
    {
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, "data");
        CopyClass("red", folder, count: 5);
        CopyClass("green", folder, count: 5);
        var twin = Directory.GetFiles(Path.Combine(folder, "red")).Order().First();
        var misfiled = Path.Combine(folder, "green", "misfiled copy.jpg");
        File.Copy(twin, misfiled);
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml, folder);
        var options = fixture.Options();
        options.Epoch = 5;
        // The training set itself as validation: every validation image is a copy of a training image.
        var result = new ImageClassificationTrainer(ml, options).Train(train, train);

        result.Warnings.Should().Contain(w => w.Contains("same image is filed under classes 'green' and 'red'") && w.Contains(misfiled) && w.Contains(twin));
        result.Warnings.Should().Contain(w => w.Contains("11 validation image(s) are copies of training images"));
    }

    [Fact]
    public void Class_folders_differing_only_by_case_or_normalisation_are_among_the_models_warnings()
    {
        // The model's warnings are what metrics.json lists ("warnings"), not only what the console printed.
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, "data");
        CopyClass("red", folder, count: 4);
        CopyClass("green", folder, count: 4);
        void CopyAs(string from, string to)
        {
            var target = Directory.CreateDirectory(Path.Combine(folder, to)).FullName;
            foreach (var file in Directory.GetFiles(Path.Combine(folder, from)))
                File.Copy(file, Path.Combine(target, "copy " + Path.GetFileName(file)));
        }
        CopyAs("red", "Red");
        CopyAs("green", "gr\u00fcn");   // NFC
        CopyAs("green", "gru\u0308n");  // NFD, as macOS stores it

        var warnings = Train(folder).Warnings;

        warnings.Should().Contain(w => w.Contains("'Red'") && w.Contains("'red'") && w.Contains("letter case"));
        warnings.Should().Contain(w => w.Contains("Unicode normalisation"));
    }

    private ImageClassificationModel Train(string folder, bool balance = false)
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml, folder);
        var options = fixture.Options();
        options.Epoch = 5;
        options.BalanceClasses = balance;
        return new ImageClassificationTrainer(ml, options).Train(train);
    }

    private void CopyClass(string name, string folder, int count)
    {
        var target = Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(fixture.TrainFolder, name)).Order().Take(count))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
    }
}
