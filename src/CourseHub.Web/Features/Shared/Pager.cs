namespace CourseHub.Web.Features.Shared;

/// <summary>
/// Links to the pages of a long list: the first and the last page, and the two on either side of the current one, with
/// a gap between where pages are left out; so that 800 pages of users make a pager of at most nine links, not 800.
/// </summary>
/// <param name="Label">What the pages are of ("Pages of users"), read by screen readers as the navigation's name.</param>
/// <param name="Href">The address of a page, with the list's filters kept.</param>
public sealed record Pager(int Page, int PageCount, string Label, Func<int, string> Href)
{
    private const int Around = 2;

    /// <summary>How many pages <paramref name="total"/> items fill, <paramref name="size"/> a page; an empty list has one.</summary>
    public static int PagesFor(int total, int size) => Math.Max(1, (total + size - 1) / size);

    /// <summary>The page numbers to link to, in order; null where pages are left out.</summary>
    public IReadOnlyList<int?> Numbers()
    {
        var shown = new SortedSet<int> { 1, PageCount };
        for (var p = Page - Around; p <= Page + Around; p++)
        {
            if (p >= 1 && p <= PageCount) shown.Add(p);
        }
        var numbers = new List<int?>();
        var previous = 0;
        foreach (var p in shown)
        {
            // A gap of one page is shown as that page: "…" would take as much room and hide it.
            if (p == previous + 2) numbers.Add(previous + 1);
            else if (p > previous + 2) numbers.Add(null);
            numbers.Add(p);
            previous = p;
        }
        return numbers;
    }
}
