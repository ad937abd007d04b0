using Microsoft.ML;
using MLNetTransfer.Images;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Tests.Vision;
using MLNetTransfer.Vision;
using SkiaSharp;

namespace MLNetTransfer.Tests.Reliability;

/// <summary>Only regular files are images, every read is capped before it starts, and one bad file never ends a run.</summary>
public class GuardedReadTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    [Fact]
    public void A_fifo_a_device_and_a_socket_are_refused_without_being_read()
    {
        using var dir = new TempDir("mlnt-special");
        var fifo = SpecialFiles.Fifo(dir.Combine("pipe.jpg"));
        var device = SpecialFiles.DeviceLink(dir.Combine("zero.jpg"));
        using var socket = SpecialFiles.UnixSocket(dir.Combine("socket.jpg"));

        string ReasonFor(string path) => SpecialFiles.WithoutHanging(() =>
        {
            try
            {
                ImageFileReader.ReadAllBytes(path);
                return "read";
            }
            catch (ImageDecodeException e)
            {
                return e.Reason;
            }
        });

        ReasonFor(fifo).Should().Contain("named pipe (FIFO)").And.Contain("not read");
        ReasonFor(device).Should().Contain("character device").And.Contain("not read");
        ReasonFor(dir.Combine("socket.jpg")).Should().Contain("socket");
    }

    [Fact]
    public void The_guard_used_beyond_linux_refuses_a_fifo_a_device_a_socket_and_a_folder_and_opens_a_regular_file()
    {
        // macOS and FreeBSD use the .NET runtime's stat shim; it exists on Linux too, so the same code runs here.
        if (OperatingSystem.IsWindows())
            return;
        using var dir = new TempDir("mlnt-portable");
        var fifo = SpecialFiles.Fifo(dir.Combine("pipe.jpg"));
        var device = SpecialFiles.DeviceLink(dir.Combine("zero.jpg"));
        using var socket = SpecialFiles.UnixSocket(dir.Combine("socket.jpg"));
        var folder = Directory.CreateDirectory(dir.Combine("folder.jpg")).FullName;
        var photo = dir.Combine("photo.jpg");
        File.WriteAllBytes(photo, TestImages.Solid(32, 32, SKColors.Red));

        string Outcome(string path) => SpecialFiles.WithoutHanging(() =>
        {
            try
            {
                using var handle = MLNetTransfer.IO.RegularFile.OpenThroughRuntimeStat(path, out var length);
                return $"opened, {length} bytes";
            }
            catch (IOException e)
            {
                return e.Message;
            }
        });

        Outcome(fifo).Should().Contain("named pipe (FIFO)").And.Contain("not read");
        Outcome(device).Should().Contain("character device").And.Contain("not read");
        Outcome(dir.Combine("socket.jpg")).Should().Contain("socket");
        Outcome(folder).Should().Contain("folder");
        Outcome(photo).Should().Be($"opened, {new FileInfo(photo).Length} bytes");
        Outcome(dir.Combine("missing.jpg")).Should().Contain("missing.jpg");
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, "character device")]
    [InlineData(3, "named pipe")]
    [InlineData(0, "not a regular file")]
    public void On_windows_only_disk_files_are_images(int fileType, string? reason)
    {
        var described = MLNetTransfer.IO.RegularFile.WindowsFileType(fileType);

        if (reason is null)
            described.Should().BeNull();
        else
            described.Should().Contain(reason);
    }

    [Fact]
    public void A_file_over_the_size_cap_is_refused_before_any_byte_is_read()
    {
        using var dir = new TempDir("mlnt-big");
        // Sparse: 5 GB long, no disk used. Reading it would cost 5 GB; the cap is checked on the open file first.
        var big = SpecialFiles.Sparse(dir.Combine("big.jpg"), 5L << 30);
        var small = dir.Combine("small.jpg");
        File.WriteAllBytes(small, TestImages.Solid(64, 64, SKColors.Red));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var act = () => ImageFileReader.ReadAllBytes(big);

        act.Should().Throw<ImageDecodeException>().Which.Reason.Should().Contain("5120 MB").And.Contain("limit of 256 MB");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1_000_000);
        var capped = () => ImageFileReader.ReadAllBytes(small, maxBytes: 100);
        capped.Should().Throw<ImageDecodeException>().Which.Reason.Should().Contain("limit of 100 bytes");
        ImageFileReader.ReadAllBytes(small).Should().Equal(File.ReadAllBytes(small));
    }

    [Fact]
    public void Training_on_paths_skips_special_huge_lying_and_vanished_files_with_their_reasons_and_finishes()
    {
        using var dir = new TempDir("mlnt-guarded-train");
        var data = dir.Combine("train");
        TestDatasets.Copy(fixture.TrainFolder, data);
        var someClass = Directory.GetDirectories(data).Order(StringComparer.Ordinal).First();
        SpecialFiles.Fifo(Path.Combine(someClass, "pipe.jpg"));
        SpecialFiles.DeviceLink(Path.Combine(someClass, "zero.jpg"));
        SpecialFiles.Sparse(Path.Combine(someClass, "big.jpg"), 5L << 30);
        File.WriteAllBytes(Path.Combine(someClass, "lying.png"), SpecialFiles.LyingPng());
        var vanishing = Path.Combine(someClass, "vanishing.jpg");
        File.WriteAllBytes(vanishing, TestImages.Solid(32, 32, SKColors.Blue));

        var ml = new MLContext(seed: 1);
        var rows = MLNetTransfer.Data.ImageFolderDataset.Scan(data).ToDataView(ml);
        var train = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(rows).Transform(rows);
        // Deleted after the folder was listed and before it is read: what another program can do during a run.
        File.Delete(vanishing);
        var options = fixture.Options(cacheName: "guarded-cache");
        options.FeatureColumnName = "ImagePath";
        options.Epoch = 3;

        var model = SpecialFiles.WithoutHanging(() => new ImageClassificationTrainer(ml, options).Train(train));

        var reasons = model.SkippedImages.ToDictionary(s => Path.GetFileName(s.Name), s => s.Reason);
        reasons.Should().ContainKey("pipe.jpg").WhoseValue.Should().Contain("named pipe");
        reasons.Should().ContainKey("zero.jpg").WhoseValue.Should().Contain("character device");
        reasons.Should().ContainKey("big.jpg").WhoseValue.Should().Contain("above the image size limit");
        reasons.Should().ContainKey("lying.png").WhoseValue.Should().Contain("more than its");
        reasons.Should().ContainKey("vanishing.jpg").WhoseValue.Should().Contain("does not exist");
        (model.TrainFeaturize.Computed + model.TrainFeaturize.FromCache).Should().Be(Directory.GetFiles(fixture.TrainFolder, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void The_size_cap_is_an_option_of_the_featurizer()
    {
        var ml = new MLContext(seed: 1);
        var options = fixture.Options(cacheName: "cap-cache");
        options.Featurizer = options.Featurizer with { MaxImageBytes = 64, UseCache = false };
        var paths = MLNetTransfer.Data.ImageFolderDataset.Scan(fixture.TrainFolder).ToDataView(ml);
        var byPath = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(paths).Transform(paths);
        options.FeatureColumnName = "ImagePath";

        var act = () => new ImageClassificationTrainer(ml, options).Train(byPath);

        act.Should().Throw<InvalidDataException>().WithMessage("*No usable training image*above the image size limit of 64 bytes*");
    }
}
