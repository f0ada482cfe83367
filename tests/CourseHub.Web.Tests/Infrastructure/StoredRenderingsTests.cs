using CourseHub.Web.Infrastructure.ContentImport;
using CourseHub.Web.Tests.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CourseHub.Web.Tests.Infrastructure;

/// <summary>Texts rendered before the rendering changed are rendered again at start; their text stays as it is.</summary>
public sealed class StoredRenderingsTests : IDisposable
{
    private readonly TestSite _site = Learners.SiteWithModules();

    public void Dispose() => _site.Dispose();

    private async Task<int> RefreshAsync()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StoredRenderings>().RefreshAsync();
    }

    [Fact]
    public async Task A_module_and_a_description_rendered_by_an_earlier_edition_are_rendered_again_by_the_current_rules()
    {
        _site.CreateClient();
        // As stored before module headings moved beneath the title: an h1 of the text's own, and no contents for it.
        var hash = await _site.WithDbAsync(async db =>
        {
            await db.Modules.Where(m => m.Slug == "welcome").ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Markdown, "# Why budgets\n\nText.").SetProperty(m => m.Html, "<h1 id=\"why-budgets\">Why budgets</h1>\n<p>Text.</p>")
                .SetProperty(m => m.TocJson, "[]").SetProperty(m => m.RenderedEdition, 0));
            await db.Courses.ExecuteUpdateAsync(set => set.SetProperty(c => c.DescriptionHtml, "<h1>Stale</h1>").SetProperty(c => c.DescriptionRenderedEdition, 0));
            return await db.Modules.Where(m => m.Slug == "welcome").Select(m => m.ContentHash).SingleAsync();
        });

        Assert.Equal(2, await RefreshAsync());

        var module = await _site.WithDbAsync(db => db.Modules.AsNoTracking().SingleAsync(m => m.Slug == "welcome"));
        Assert.StartsWith("<h2 id=\"why-budgets\">Why budgets</h2>", module.Html, StringComparison.Ordinal);
        Assert.Contains("why-budgets", module.TocJson, StringComparison.Ordinal);
        Assert.Equal(("# Why budgets\n\nText.", hash, CourseMapping.RenderingEdition), (module.Markdown, module.ContentHash, module.RenderedEdition));
        var course = await _site.WithDbAsync(db => db.Courses.AsNoTracking().SingleAsync());
        Assert.DoesNotContain("Stale", course.DescriptionHtml, StringComparison.Ordinal);
        Assert.Equal(CourseMapping.RenderingEdition, course.DescriptionRenderedEdition);

        // Once is enough: the next start finds nothing to render.
        Assert.Equal(0, await RefreshAsync());
    }

    [Fact]
    public async Task Every_stored_text_of_a_new_site_is_of_the_current_edition()
    {
        _site.CreateClient();

        var editions = await _site.WithDbAsync(async db =>
            (await db.Modules.Select(m => m.RenderedEdition).ToListAsync()).Concat(await db.Courses.Select(c => c.DescriptionRenderedEdition).ToListAsync()).ToList());

        Assert.NotEmpty(editions);
        Assert.All(editions, edition => Assert.Equal(CourseMapping.RenderingEdition, edition));
    }
}
