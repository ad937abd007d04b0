using System.Collections.Concurrent;

namespace MLNetTransfer.Reporting;

/// <summary>
/// The pictures a report shows, drawn ahead: the occlusion maps of the first mistakes, then the thumbnails of every
/// mistake and label-noise candidate. Any number of threads may <see cref="Draw"/> at once, each taking the next picture
/// not yet taken, so a thread that finishes its own work (the model save) can join; the page is then rendered from what
/// they drew. Thread-safe.
/// </summary>
internal sealed class ReportImages
{
    private readonly TrainingReportData _data;
    private readonly List<Action> _pictures = [];
    private readonly ConcurrentDictionary<(string Path, int LongSide), Thumbnail> _thumbnails = new();
    private readonly TaskCompletionSource _allDrawn = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next = -1;
    private int _left;

    private ReportImages(TrainingReportData data)
    {
        _data = data;
        if (data.Validation is { } validation)
        {
            var mistakes = MistakeGallery.MistakesOf(validation);
            // Maps first: each is a run of the classifier on several copies, the longest pictures to draw.
            if (data.Explainer is { } explainer)
            {
                foreach (var target in MistakeGallery.ToExplain(validation, data.ExplainedMistakes))
                    _pictures.Add(() => explainer.Prefetch([target]));
            }
            for (var i = 0; i < mistakes.Count; i++)
                AddThumbnail(mistakes[i].Name, MistakeGallery.ThumbnailSize(i));
        }
        foreach (var candidate in (data.LabelNoise ?? []).Take(LabelNoiseSection.Shown))
            AddThumbnail(candidate.Name, Reporting.Thumbnail.DefaultLongSide);
        _left = _pictures.Count;
        if (_left == 0)
            _allDrawn.SetResult();
    }

    /// <summary>The pictures <paramref name="data"/>'s page will show; none is drawn until a thread calls <see cref="Draw"/>.</summary>
    public static ReportImages For(TrainingReportData data) => new(data);

    /// <summary>Draws pictures not yet taken by another thread, until none is left.</summary>
    public void Draw(CancellationToken cancellationToken = default)
    {
        for (var i = Interlocked.Increment(ref _next); i < _pictures.Count; i = Interlocked.Increment(ref _next))
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                _pictures[i]();
            }
            finally
            {
                if (Interlocked.Decrement(ref _left) == 0)
                    _allDrawn.SetResult();
            }
        }
    }

    /// <summary>Draws what is left, waits for the pictures other threads are drawing, then renders the page but its timings.</summary>
    public ReportDraft DrawAndRender(CancellationToken cancellationToken = default)
    {
        Draw(cancellationToken);
        _allDrawn.Task.Wait(cancellationToken);
        return HtmlReport.Draft(_data with { Images = this });
    }

    /// <summary>The thumbnail drawn ahead, or drawn now when it was not among the pictures.</summary>
    public Thumbnail Thumbnail(string path, int longSide) =>
        _thumbnails.TryGetValue((path, longSide), out var drawn) ? drawn : Reporting.Thumbnail.FromFile(path, longSide, _data.ModelInputSize);

    private void AddThumbnail(string path, int longSide) =>
        _pictures.Add(() => _thumbnails[(path, longSide)] = Reporting.Thumbnail.FromFile(path, longSide, _data.ModelInputSize));
}
