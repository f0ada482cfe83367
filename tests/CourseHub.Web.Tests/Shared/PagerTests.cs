using CourseHub.Web.Features.Shared;

namespace CourseHub.Web.Tests.Shared;

public sealed class PagerTests
{
    private static int?[] Numbers(int page, int pageCount) => [.. new Pager(page, pageCount, "Pages", p => $"?page={p}").Numbers()];

    [Fact]
    public void A_few_pages_are_all_linked()
    {
        Assert.Equal([1], Numbers(1, 1));
        Assert.Equal([1, 2, 3, 4, 5], Numbers(3, 5));
    }

    [Fact]
    public void Many_pages_link_the_first_the_last_and_two_either_side_of_the_current_with_gaps_between()
    {
        Assert.Equal([1, 2, 3, null, 800], Numbers(1, 800));
        Assert.Equal([1, null, 398, 399, 400, 401, 402, null, 800], Numbers(400, 800));
        Assert.Equal([1, null, 798, 799, 800], Numbers(800, 800));
    }

    [Fact]
    public void A_gap_of_a_single_page_shows_that_page_instead()
    {
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, null, 800], Numbers(5, 800));
        Assert.Equal([1, null, 794, 795, 796, 797, 798, 799, 800], Numbers(796, 800));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(100, 1)]
    [InlineData(101, 2)]
    [InlineData(5_000, 50)]
    public void The_pages_a_list_fills(int total, int pages) => Assert.Equal(pages, Pager.PagesFor(total, 100));
}
