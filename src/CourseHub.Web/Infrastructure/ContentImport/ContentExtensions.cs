using CourseHub.Core.Content;
using CourseHub.Web.Infrastructure.Hosting;
using Microsoft.Extensions.Options;

namespace CourseHub.Web.Infrastructure.ContentImport;

public static class ContentExtensions
{
    public static WebApplicationBuilder AddCourseHubContent(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ContentOptions>().BindConfiguration(ContentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddSingleton<CourseMapping>();
        builder.Services.AddScoped<ContentImporter>();
        builder.Services.AddScoped<StoredRenderings>();
        return builder;
    }

    /// <summary>Texts rendered by an earlier edition of the rendering are rendered again (see <see cref="StoredRenderings"/>).</summary>
    public static async Task RefreshStoredRenderingsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var refreshed = await scope.ServiceProvider.GetRequiredService<StoredRenderings>().RefreshAsync();
        if (refreshed > 0) app.Logger.LogInformation("Rendered {Count} stored modules and course descriptions again by the current rules", refreshed);
    }

    public static async Task ImportContentAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ContentOptions>>().Value;
        if (!options.ImportOnStart) return;
        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<ContentImporter>();
        await importer.ImportAsync(app.Environment.ResolvePath(options.Path));
    }
}
