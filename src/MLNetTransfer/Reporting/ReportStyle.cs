namespace MLNetTransfer.Reporting;

/// <summary>The report's inline stylesheet and script; inline so the file works offline and can be mailed as is.</summary>
internal static class ReportStyle
{
    public const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222; margin: 0; background: #f4f5f7; }
        main { max-width: 1200px; margin: 0 auto; padding: 24px; }
        header h1 { margin: 0 0 4px; font-size: 26px; }
        header .created { color: #666; margin: 0 0 16px; }
        section { background: #fff; border-radius: 8px; padding: 16px 20px; margin: 16px 0; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
        section h2 { margin: 0 0 12px; font-size: 19px; }
        .note { color: #666; font-style: italic; }
        .metrics { display: flex; flex-wrap: wrap; gap: 12px; }
        .metric { background: #fff; border-radius: 8px; padding: 10px 16px; min-width: 140px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
        .metric .value { font-size: 24px; font-weight: 600; }
        .metric .label { color: #666; font-size: 13px; }
        .charts { display: flex; flex-wrap: wrap; gap: 16px; }
        svg { max-width: 100%; height: auto; font-size: 12px; }
        svg .chart-title { font-size: 14px; font-weight: 600; }
        svg .grid { stroke: #e3e3e3; }
        svg .axis { stroke: #444; }
        svg .tick, svg .legend { fill: #444; }
        svg .axis-label { fill: #444; font-size: 13px; }
        .heatmap-wrap { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 14px; }
        th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 12px; text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid #999; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.path { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; word-break: break-all; }
        .gallery { display: flex; flex-wrap: wrap; gap: 12px; }
        .thumb-missing { box-sizing: border-box; padding: 8px; color: #a33; font-size: 11px; overflow: hidden; word-break: break-word; }
        .gallery figure { margin: 0; width: 150px; font-size: 12px; }
        .gallery figure.explained { width: 274px; }
        .gallery .pics { display: flex; gap: 4px; }
        .gallery img, .thumb-missing { display: block; width: 128px; height: 128px; object-fit: contain; background: #eee; border: 1px solid #ccc; }
        .gallery.small figure { width: 110px; }
        .gallery.small figure.explained { width: 210px; }
        .gallery.small img { width: 96px; height: 96px; }
        .gallery figcaption span { display: block; }
        .gallery .file { color: #777; word-break: break-all; }
        details { margin-top: 12px; }
        details summary { cursor: pointer; color: #1f5fa8; font-weight: 600; margin-bottom: 8px; }
        .bar-cell { min-width: 180px; white-space: nowrap; }
        .bar { display: inline-block; width: 120px; height: 10px; background: #edf0f4; border-radius: 2px; margin-right: 8px; vertical-align: middle; overflow: hidden; }
        .bar .fill { display: block; height: 100%; background: #3b78c2; }
        .bar-value { font-variant-numeric: tabular-nums; }
        .callout { border-radius: 8px; padding: 10px 16px; margin: 16px 0 0; }
        .callout.warning { background: #fff4e0; border: 1px solid #f0b45a; }
        .callout p { margin: 4px 0; }
        .callout ul { margin: 4px 0 4px 20px; padding: 0; }
        .run-notes { margin: 0; padding-left: 20px; }
        .run-notes li { margin: 4px 0; }
        .run-notes li.warning { color: #8a4b00; }
        """;

    /// <summary>
    /// Records on &lt;body&gt; how many thumbnails the browser actually decoded: a check a headless browser can read back.
    /// The page shows everything without it.
    /// </summary>
    public const string Script = """
        window.addEventListener('load', function () {
          var decoded = 0;
          document.querySelectorAll('img.thumb').forEach(function (img) {
            if (img.complete && img.naturalWidth > 0) decoded++;
          });
          document.body.setAttribute('data-thumbs-decoded', String(decoded));
        });
        """;
}
