using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetTransfer.Vision;
using static MLNetTransfer.Vision.ImageClassificationTrainer;

namespace MLNetTransfer.Tests.Vision;

/// <summary>Training on several views of each photo, and the refit on all photos for the epochs the split chose.</summary>
public sealed class RefitAndViewsTrainingTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    private ImageClassificationTrainer.Options Options(string cache) => fixture.Options(cache);

    [Fact]
    public void Refit_trains_on_all_photos_for_the_epochs_the_split_chose()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var options = Options("refit");
        options.ValidationSetFraction = 0.2f;
        options.RefitOnAllData = true;
        var epochs = new List<int>();
        options.MetricsCallback = m => { if (m.Train is { DatasetUsed: ImageClassificationMetrics.Dataset.Validation } t) epochs.Add(t.Epoch); };

        var model = new ImageClassificationTrainer(ml, options).Train(train);

        var photos = model.TrainFeaturize.Images;
        model.Refit.Should().NotBeNull();
        model.Refit!.Photos.Should().Be(photos);
        model.Refit.Rows.Should().Be(photos);
        model.Refit.HeldOutPhotos.Should().Be(photos / 5);
        model.Refit.Epochs.Should().Be(model.Training.BestEpoch + 1);
        model.TrainClassCounts.Sum().Should().Be(photos, "the saved head trained on every photo");
        // The split's held-out photos still judge the head the split chose, as one validation pass per epoch shows.
        model.Validation!.Count.Should().Be(photos / 5);
        epochs.Should().HaveCount(model.Training.History.Count, "the refit reports no epochs of its own");
    }

    [Fact]
    public void The_refit_head_differs_from_the_head_trained_without_the_held_out_photos()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = fixture.Load(ml);
        var options = Options("refit-compare");
        options.ValidationSetFraction = 0.2f;
        var without = new ImageClassificationTrainer(ml, options).Train(train);
        options.RefitOnAllData = true;
        var with = new ImageClassificationTrainer(ml, options).Train(train);

        without.Refit.Should().BeNull();
        with.Training.BestEpoch.Should().Be(without.Training.BestEpoch);
        with.Training.Head.Weights.Should().NotEqual(without.Training.Head.Weights);
        var scores = with.Transformer.Transform(validation).GetColumn<float[]>("Score").ToArray();
        scores.Should().OnlyContain(s => Math.Abs(s.Sum() - 1f) < 1e-4f);
    }

    [Fact]
    public void A_share_too_small_to_hold_out_a_photo_trains_on_every_photo_without_validation()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var options = Options("share-rounds-to-none");
        // 10 photos per class: 4 % of them rounds to none.
        options.ValidationSetFraction = 0.04f;
        options.RefitOnAllData = true;

        var model = new ImageClassificationTrainer(ml, options).Train(train);

        model.Validation.Should().BeNull();
        model.Refit.Should().BeNull("nothing was held out, so there is nothing to refit on");
        model.TrainClassCounts.Sum().Should().Be(model.TrainFeaturize.Images);
        model.Warnings.Should().ContainSingle(w => w.Contains("holds out no photo of 30", StringComparison.Ordinal));
    }

    [Fact]
    public void No_refit_when_a_validation_set_is_given()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = fixture.Load(ml);
        var options = Options("refit-validation");
        options.RefitOnAllData = true;

        var model = new ImageClassificationTrainer(ml, options).Train(train, validation);

        model.Refit.Should().BeNull();
    }

    [Fact]
    public void With_views_the_head_trains_on_every_view_and_validation_stays_plain()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var options = Options("views");
        options.ValidationSetFraction = 0.2f;
        options.RefitOnAllData = true;
        options.Views = 4;

        var model = new ImageClassificationTrainer(ml, options).Train(train);

        var photos = model.TrainFeaturize.Images;
        model.Views.Should().Be(4);
        model.Refit!.Rows.Should().Be(4 * photos);
        model.Validation!.Count.Should().Be(photos / 5, "held-out photos are scored once, in the plain view");
        model.TrainClassCounts.Sum().Should().Be(photos);
    }

    [Fact]
    public void Views_out_of_range_are_refused_before_any_work()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var options = Options("views-bad");
        options.Views = 7;

        FluentActions.Invoking(() => new ImageClassificationTrainer(ml, options).Train(train))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Views must be 1*");
    }
}
