using MLNetTransfer.Images;
using MLNetTransfer.Tests.Support;
using SkiaSharp;

namespace MLNetTransfer.Tests.Reliability;

/// <summary>
/// What decode threads hold at once stays within a budget, whatever the number of threads: the budget itself, and the
/// decoders' use of it.
/// </summary>
public class MemoryBudgetTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    [Fact]
    public void Threads_never_hold_more_than_the_capacity_at_once()
    {
        var budget = new MemoryBudget(100);
        long held = 0, mostHeld = 0;

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 300; i++)
            {
                var amount = random.Next(1, 61);
                using (budget.Acquire(amount))
                {
                    var now = Interlocked.Add(ref held, amount);
                    InterlockedMax(ref mostHeld, now);
                    Thread.SpinWait(random.Next(50, 500));
                    Interlocked.Add(ref held, -amount);
                }
            }
        });

        mostHeld.Should().BeLessThanOrEqualTo(100);
        budget.PeakInUse.Should().BeLessThanOrEqualTo(100);
        budget.InUse.Should().Be(0, "every lease was given back");
    }

    [Fact]
    public async Task A_request_larger_than_the_capacity_waits_for_everything_and_then_runs_alone()
    {
        var budget = new MemoryBudget(100);
        var small = budget.Acquire(10);

        var huge = Task.Run(() => budget.Acquire(500));
        WaitUntil(() => budget.Waiting == 1);
        huge.IsCompleted.Should().BeFalse("10 of the 100 are still held");

        small.Dispose();
        var lease = await huge.WaitAsync(s_generous);
        lease.Amount.Should().Be(100, "a request above the capacity holds all of it");
        budget.InUse.Should().Be(100);
        lease.Dispose();
        budget.InUse.Should().Be(0);
    }

    [Fact]
    public async Task Requests_are_served_in_order_so_a_large_one_is_not_starved_by_small_ones()
    {
        var budget = new MemoryBudget(100);
        var first = budget.Acquire(30);
        var large = Task.Run(() => budget.Acquire(100));
        WaitUntil(() => budget.Waiting == 1);

        // 70 are free, but the large request came first: the small one waits behind it.
        var later = Task.Run(() => budget.Acquire(30));
        WaitUntil(() => budget.Waiting == 2);
        later.IsCompleted.Should().BeFalse();

        first.Dispose();
        var largeLease = await large.WaitAsync(s_generous);
        later.IsCompleted.Should().BeFalse("the large request holds everything");
        largeLease.Dispose();
        (await later.WaitAsync(s_generous)).Dispose();
    }

    [Fact]
    public void A_decoded_image_holds_its_pixels_until_given_back_and_a_turned_copy_takes_them_over()
    {
        var png = TestImages.Solid(300, 200, SKColors.Teal, SKEncodedImageFormat.Png);
        var rotated = TestImages.WithExifOrientation(TestImages.Solid(300, 200, SKColors.Teal), 6);

        var pooled = ImageDecoder.DecodePooled(png, new ImageDecodeOptions());
        pooled.BudgetedPixels.Should().Be(300 * 200);
        pooled.ReturnToPool();
        pooled.BudgetedPixels.Should().Be(0);

        var turned = ImageDecoder.DecodePooled(rotated, new ImageDecodeOptions());
        (turned.Width, turned.Height).Should().Be((200, 300));
        turned.BudgetedPixels.Should().Be(300 * 200);
        turned.ReturnToPool();
        turned.BudgetedPixels.Should().Be(0);

        ImageDecoder.Decode(png).BudgetedPixels.Should().Be(0, "an image handed to the caller leaves the budget");
    }

    [Fact]
    public void Huge_images_decoded_on_many_threads_at_once_stay_within_the_shared_pixel_budget()
    {
        // 30 megapixels each (120 MB of BGRA): four at once would be 120 megapixels, above the 100 of the budget.
        const int width = 6000, height = 5000;
        var png = TestImages.Solid(width, height, SKColors.Teal, SKEncodedImageFormat.Png);
        long held = 0, mostHeld = 0;

        // Each thread keeps its image until all four are decoded (or a while has passed): without the budget all four
        // are held at once; with it, the fourth decode waits for room.
        using var allDecoded = new CountdownEvent(4);
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            var image = ImageDecoder.DecodePooled(png, new ImageDecodeOptions());
            try
            {
                InterlockedMax(ref mostHeld, Interlocked.Add(ref held, (long)image.Width * image.Height));
                allDecoded.Signal();
                allDecoded.Wait(TimeSpan.FromSeconds(3));
            }
            finally
            {
                Interlocked.Add(ref held, -(long)image.Width * image.Height);
                image.ReturnToPool();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        mostHeld.Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(MemoryBudget.DecodedPixels.Capacity);
        MemoryBudget.DecodedPixels.Capacity.Should().Be(ImageDecodeOptions.DefaultMaxPixels);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
            current = seen;
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + s_generous;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The condition did not hold within the generous limit.");
            Thread.Sleep(10);
        }
    }
}
